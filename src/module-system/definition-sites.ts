/**
 * Where an option path was defined: the files (and positions, when the
 * source recorded them) of every definition reaching `loc`, following the
 * declaration tree to the option that holds it and then into the
 * definitions' attribute sets for the rest of the path.
 */
import { force, NixAttrs, type Lazy } from "../nix/value.ts";
import type { DeclarationSite } from "./option-declaration.ts";
import type { OptionLevel } from "./option-tree.ts";
import type { Definition } from "./definition.ts";
import type { OptionPath } from "./option-path.ts";
import { discharge, unwrap } from "./merge-definitions.ts";
import { UserError } from "../diagnostics/user-error.ts";

export function definitionSites(root: OptionLevel, loc: OptionPath): DeclarationSite[] {
  let level = root;
  for (let i = 0; i < loc.length; i++) {
    const node = level.node(loc[i] as string);
    if (node === undefined) return [];
    if (node.kind === "level") {
      level = node.level();
      continue;
    }
    return node.option.defs.flatMap((d) => follow(d, loc.slice(i + 1)));
  }
  return [];
}

/** `e` shown at the first definition of `loc` that has a position, when it has no location of its own and there is one. */
export function locatedAt(root: OptionLevel, e: UserError, loc: OptionPath): UserError {
  if (e.location !== undefined) return e;
  const pos = definitionSites(root, loc).find((s) => s.pos !== undefined)?.pos;
  return pos === undefined ? e : new UserError(e.message, pos, e.context);
}

function follow(def: Definition, rest: OptionPath): DeclarationSite[] {
  if (rest.length === 0) return [site(def)];
  const out: Definition[] = [];
  try {
    discharge([], def, out);
  } catch {
    return [];
  }
  return out.flatMap((wrapped) => {
    const d = unwrap(unwrap(wrapped, "override"), "order");
    const v = force(d.value);
    if (!(v instanceof NixAttrs)) {
      // A submodule defined as a function: the site of the whole definition is the best we know.
      return [site(d)];
    }
    const name = rest[0] as string;
    const child = v.lazy(name);
    if (child === undefined) return [];
    const pos = v.pos?.get(name) ?? d.pos;
    const next: Definition = pos === undefined ? { file: d.file, value: child as Lazy } : { file: d.file, pos, value: child as Lazy };
    return follow(next, rest.slice(1));
  });
}

function site(d: Definition): DeclarationSite {
  return d.pos === undefined ? { file: d.file } : { file: d.file, pos: d.pos };
}
