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
import { evaluationOf } from "../module-system/nix-configuration.ts";
import { force, NixAttrs, type Lazy } from "../nix/value.ts";
import { DEFAULTED_FIELDS, type DefaultedField } from "./manifest.ts";

/** mkDefault's priority: a field whose strongest definition is this weak or weaker is a default. */
const DEFAULT_PRIORITY = 1000;

/** Each user's submodule evaluation, by attribute name (undefined for a name with none). */
export function userEvaluations(ev: Evaluation): (key: string) => Evaluation | undefined {
  const attrs = at(ev.options, ["users", "users", "valueMeta", "attrs"]);
  return (key) => {
    const configuration = at(attrs, [key, "configuration"]);
    return configuration === undefined ? undefined : evaluationOf(configuration);
  };
}

/**
 * The fields of a user (its submodule evaluation) that hold only a default, read from its option
 * tree: the priority of the merge that gave the field's value (option-node.ts keeps it), so a
 * field already read is not merged again.
 */
export function defaultedFields(user: Evaluation | undefined): DefaultedField[] {
  if (user === undefined) return [];
  return DEFAULTED_FIELDS.filter((field) => {
    const node = user.tree.node(field);
    return node !== undefined && node.kind === "option" && node.highestPrio() >= DEFAULT_PRIORITY;
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
