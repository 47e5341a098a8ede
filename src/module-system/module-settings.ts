/**
 * `_module.check` and `_module.freeformType` of an evaluation, known
 * without making its `_module` level in the common case: `_module` is
 * declared by the internal module alone, and every definition under it is
 * a plain set of `args` and `specialArgs` (a submodule instance's
 * `_module.args.name`, the internal module's `_module.specialArgs`). Then
 * they are the declared defaults (true and null) and nothing under
 * `_module` is undeclared. Anything else (an mkIf or mkMerge over
 * `_module`, another name, another declaration) is read from the level.
 */
import { force, NixAttrs, typeTag } from "../nix/value.ts";
import type { DeclarationLevel } from "./declaration-tree.ts";
import { INTERNAL_FILE } from "./internal-module.ts";
import type { OptionLevel } from "./option-tree.ts";

const INTERNAL_NAMES = ["args", "check", "freeformType", "specialArgs"];

/** Whether a declarations level's `_module` is the internal module's declarations alone (by declarations level: the instances of a submodule type share theirs). */
const internalOnly = new WeakMap<DeclarationLevel, boolean>();

function declaredInternally(tree: OptionLevel): boolean {
  const decls = tree.declarations;
  let known = internalOnly.get(decls);
  if (known === undefined) {
    const r = decls.resolve(tree.loc, "_module");
    known = r.kind === "level" && sameNames([...r.level.names()].sort(), INTERNAL_NAMES) && INTERNAL_NAMES.every((n) => declaredOnceInternally(r.level, tree, n));
    internalOnly.set(decls, known);
  }
  return known;
}

function declaredOnceInternally(level: DeclarationLevel, tree: OptionLevel, name: string): boolean {
  const r = level.resolve([...tree.loc, "_module"], name);
  return r.kind === "option" && r.decl.declarations.length === 1 && r.decl.declarations[0]?.file === INTERNAL_FILE;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** True when `_module.check` is true, `_module.freeformType` null and nothing under `_module` undeclared, known without the `_module` level. */
export function defaultModuleSettings(tree: OptionLevel): boolean {
  if (!declaredInternally(tree)) return false;
  for (const d of tree.defsFor("_module")) {
    const v = force(d.value);
    if (!(v instanceof NixAttrs) || typeTag(v) !== undefined) return false;
    for (const name of v.keys()) if (name !== "args" && name !== "specialArgs") return false;
  }
  return true;
}
