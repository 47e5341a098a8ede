/**
 * `__overrides` in a `rec` set (a legacy Nix feature): when the literal is
 * evaluated, the attribute `__overrides` is forced to a set and each of its
 * attributes replaces the same-named binding of the literal, both in the
 * result and in the scope the other bindings see; names the literal does
 * not bind are added to the result only. Plain sets and `let` ignore it.
 */
import type { Span } from "../../diagnostics/location.ts";
import { force, NixAttrs, type Lazy } from "../value.ts";
import type { Env } from "./env.ts";
import { typeMismatch } from "./fail.ts";

export const OVERRIDES = "__overrides";

/** An attribute `__overrides` adds that the literal does not bind. */
export interface AddedAttr {
  readonly name: string;
  readonly value: Lazy;
  readonly span: Span | undefined;
}

/**
 * Applies the set at slot `at` of `inner` (the rec scope, slot i at i + 1)
 * over the literal's `names`, whose positions `spans` are updated in place;
 * returns the attributes it adds.
 */
export function applyOverrides(inner: Env, names: readonly string[], spans: (Span | undefined)[], at: number): AddedAttr[] {
  const v = force(inner[at + 1] as Lazy);
  if (!(v instanceof NixAttrs)) throw typeMismatch("a set", v, spans[at] as Span).withContext("while evaluating the `__overrides` attribute");
  const added: AddedAttr[] = [];
  v.forEach((value, name) => {
    const i = names.indexOf(name);
    if (i < 0) {
      added.push({ name, value, span: v.posOf(name) });
      return;
    }
    inner[i + 1] = value;
    spans[i] = v.posOf(name);
  });
  return added;
}
