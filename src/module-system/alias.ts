/**
 * Forwarding one option's definitions to another (nixpkgs
 * `mkAliasDefinitions` and friends): the result is a definition, to be
 * placed at the target, that is present only when the source option is
 * defined, and holds the source's definitions (after priorities and
 * ordering). With priority, each keeps the source's winning priority, so
 * an `mkDefault` on the old option stays a default on the new one.
 * The source option is read lazily, when the definition is discharged.
 */
import { force, NixAttrs, Thunk, typeTag, type Lazy, type Value } from "../nix/value.ts";
import { defaultOverridePriority, mkIf, mkMerge, mkOverride } from "./properties.ts";

type Wrap = (v: Lazy) => Lazy;

function optionField(option: Lazy, name: string): Value | undefined {
  const o = force(option);
  return o instanceof NixAttrs ? o.get(name) : undefined;
}

/** `mkAliasIfDef option`: present only when `option` is an option that is defined. */
export function mkAliasIfDef(option: Lazy, content: Lazy): NixAttrs {
  return mkIf(new Thunk(() => typeTag(force(option)) === "option" && optionField(option, "isDefined") === true), content);
}

function definitions(option: Lazy): Lazy[] {
  const defs = optionField(option, "definitions");
  return Array.isArray(defs) ? defs : [];
}

export function mkAliasAndWrapDefinitions(wrap: Wrap, option: Lazy): NixAttrs {
  return mkAliasIfDef(option, wrap(mkMerge(new Thunk(() => definitions(option)))));
}

export function mkAliasAndWrapDefsWithPriority(wrap: Wrap, option: Lazy): NixAttrs {
  const withPriority = new Thunk(() => {
    const prio = optionField(option, "highestPrio");
    const p = typeof prio === "bigint" ? Number(prio) : defaultOverridePriority;
    return definitions(option).map((d) => mkOverride(p, d));
  });
  return mkAliasIfDef(option, wrap(mkMerge(withPriority)));
}

export function mkAliasDefinitions(option: Lazy): NixAttrs {
  return mkAliasAndWrapDefinitions((v) => v, option);
}
