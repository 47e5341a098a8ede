/**
 * Definitions for names nobody declared ("unmatched"): unknown options, or
 * the values a freeform type takes. Found level by level below an option
 * tree's level, in name order.
 */
import type { Definition } from "./definition.ts";
import type { OptionPath } from "./option-path.ts";
import type { OptionLevel } from "./option-tree.ts";

/** A definition for a name nobody declared, with its path relative to the evaluation. */
export interface Unmatched {
  readonly path: OptionPath;
  readonly defs: readonly Definition[];
  /** Names declared beside it, for "Did you mean". */
  readonly siblings: readonly string[];
}

/** Every definition below `level` for a name nobody declared; `skip`, a name of `level` not to look under. */
export function unmatched(level: OptionLevel, out: Unmatched[] = [], skip?: string): Unmatched[] {
  const names = level.definedNames();
  if (skip !== undefined && names.includes(skip)) names.splice(names.indexOf(skip), 1);
  // The common case, every defined name declared, sorts and copies nothing but the nested levels' names.
  let levels: string[] | undefined;
  let undeclared = false;
  for (const name of names) {
    const node = level.node(name);
    if (node === undefined) undeclared = true;
    else if (node.kind === "level") (levels ??= []).push(name);
  }
  if (!undeclared && levels === undefined) return out;
  let declared: string[] | undefined;
  for (const name of undeclared ? names.sort() : (levels as string[]).sort()) {
    const node = level.node(name);
    if (node === undefined) out.push({ path: [...level.path, name], defs: level.defsFor(name), siblings: (declared ??= level.names()) });
    else if (node.kind === "level") unmatched(node.level(), out);
  }
  return out;
}
