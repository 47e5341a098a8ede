/**
 * Which passwd fields of a declared user take their value only from a
 * default: the option's own default, or definitions at mkDefault priority
 * (1000) or weaker, such as the declarations of root and nobody
 * (src/modules/system/users-host-accounts.ts) or isNormalUser's
 * `home = mkDefault "/home/<name>"`. Read from the user's submodule
 * evaluation (the `valueMeta` of `users.users`), the one its value came
 * from. The planner leaves these fields as the host has them on an account
 * that existed before us (src/activate/plan/users-plan.ts).
 */
import type { Evaluation } from "../module-system/eval-modules.ts";
import { force, NixAttrs, type Lazy } from "../nix/value.ts";
import { DEFAULTED_FIELDS, type DefaultedField } from "./manifest.ts";

/** mkDefault's priority: a field whose strongest definition is this weak or weaker is a default. */
const DEFAULT_PRIORITY = 1000;

/** The option-level evaluations of every user, by attribute name (empty when there are none). */
export function userOptions(ev: Evaluation): (key: string) => NixAttrs | undefined {
  const attrs = at(ev.options, ["users", "users", "valueMeta", "attrs"]);
  return (key) => at(attrs, [key, "configuration", "options"]);
}

/** The fields of `options` (one user's sub-options) that hold only a default. */
export function defaultedFields(options: NixAttrs | undefined): DefaultedField[] {
  if (options === undefined) return [];
  return DEFAULTED_FIELDS.filter((field) => {
    const prio = at(options, [field])?.lazy("highestPrio");
    return prio !== undefined && Number(force(prio)) >= DEFAULT_PRIORITY;
  });
}

function at(set: NixAttrs | undefined, path: readonly string[]): NixAttrs | undefined {
  let v: unknown = set;
  for (const name of path) {
    if (!(v instanceof NixAttrs)) return undefined;
    const next = v.lazy(name);
    if (next === undefined) return undefined;
    v = force(next as Lazy);
  }
  return v instanceof NixAttrs ? v : undefined;
}
