/**
 * `option --recursive PATH`, as nixos-option's recursive mode (what
 * `home-manager option --recursive` runs): every value the configuration
 * has at or below PATH, one `name = value;` a line, walking the
 * configuration's sets (not derivations) in Nix's name order. A value that
 * fails to evaluate is shown as «error», as nixos-option's tryEval does; a
 * PATH the configuration has no value at is an error.
 */
import { force, isDerivation, NixAttrs, type Lazy, type Value } from "../nix/value.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { showOption, type OptionPath } from "../module-system/option-path.ts";
import { prettyValue } from "./option-doc.ts";

/** `f()`, or undefined when evaluating it failed as tryEval would catch (an evaluation error). */
function tried<T>(f: () => T): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof UserError) return { ok: false };
    throw e;
  }
}

/** The lines `option --recursive` prints for `path` of `config`. */
export function recursiveValues(config: Value, path: OptionPath): string[] {
  let cur: Value = config;
  for (let i = 0; i < path.length; i++) {
    const name = path[i] as string;
    const next = cur instanceof NixAttrs && cur.has(name) ? tried(() => force((cur as NixAttrs).lazy(name) as Lazy)) : undefined;
    if (next === undefined || !next.ok) throw new UserError(`Cannot show \`${showOption(path)}': the configuration has no value there${next === undefined ? "" : " (it fails to evaluate)"}`);
    cur = next.value;
  }
  const lines: string[] = [];
  const leaf = (at: OptionPath, v: Lazy) => {
    const text = tried(() => prettyValue(v));
    lines.push(`${showOption(at)} = ${text.ok ? text.value : "«error»"};`);
  };
  /** A set to walk into (not a derivation), or undefined for a leaf (or a value that fails). */
  const walked = (v: Lazy): NixAttrs | undefined => {
    const x = tried(() => {
      const f = force(v);
      return f instanceof NixAttrs && !isDerivation(f) ? f : undefined;
    });
    return x.ok ? x.value : undefined;
  };
  const walk = (at: OptionPath, v: Lazy) => {
    const set = walked(v);
    if (set === undefined) return leaf(at, v);
    for (const name of set.keys()) walk([...at, name], set.lazy(name) as Lazy);
  };
  walk(path, cur);
  return lines;
}
