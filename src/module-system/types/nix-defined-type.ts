/**
 * An option type written in Nix: a `_type = "option-type"` set with
 * `check` and `merge` functions (mkOptionType's, or one of ours changed
 * with `//`). A merge with a `v2` member (nixpkgs' composite types) is
 * asked for its head error and value meta; it must come with a check
 * marked `isV2MergeCoherent`, which an ad-hoc `type // { check = …; }`
 * loses: nixpkgs refuses that combination, and so do we.
 */
import { callFunction } from "../../nix/builtins/primop.ts";
import { force, isString, NixAttrs, NixFunction, stringText, type Lazy, type Value } from "../../nix/value.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import type { Definition } from "../definition.ts";
import { showOption, type OptionPath } from "../option-path.ts";
import type { OptionType } from "./option-type.ts";

const ADHOC_CHECK = (loc: OptionPath, description: string) =>
  `The option \`${showOption(loc)}' has a type \`${description}' that uses
an ad-hoc \`type // { check = ...; }' override, which is incompatible with
the v2 merge mechanism.

Please use \`lib.types.addCheck\` instead of \`type // { check }' to add
custom validation. For example:

  lib.types.addCheck baseType (value: /* your check */)

instead of:

  baseType // { check = value: /* your check */; }
`;

/** nixpkgs types.nix' checkV2MergeCoherence error (either, coercedTo and addCheck raise it). */
export function adhocCheckError(loc: OptionPath, description: string): UserError {
  return new UserError(ADHOC_CHECK(loc, description));
}

/** modules.nix' wording of the same error (mergeDefinitions raises it), with its note on mixed Nixpkgs versions. */
export function adhocCheckErrorOfOption(loc: OptionPath, description: string): UserError {
  return new UserError(
    `${ADHOC_CHECK(loc, description)}
Alternatively, this message may also occur as false positive when mixing Nixpkgs
versions, if one Nixpkgs is between 83fed2e6..58696117 (Aug 28 - Oct 28 2025)
`,
  );
}

interface V2Result {
  readonly headError: Value;
  readonly value: Lazy;
  readonly valueMeta: Lazy;
}

export function nixDefinedType(v: NixAttrs): OptionType {
  const str = (k: string, dflt: string) => {
    const x = v.get(k);
    return x !== undefined && isString(x) ? stringText(x) : dflt;
  };
  // check and merge may be functions or sets with `__functor` (nixpkgs' types with a v2 merge are).
  const fn = (k: string): Value | undefined => {
    const x = v.get(k);
    return x instanceof NixFunction || (x instanceof NixAttrs && x.has("__functor")) ? x : undefined;
  };
  const v2 = (): Value | undefined => {
    const merge = v.get("merge");
    return merge instanceof NixAttrs ? merge.get("v2") : undefined;
  };
  const coherent = () => {
    const check = v.get("check");
    return check instanceof NixAttrs && check.get("isV2MergeCoherent") === true;
  };
  // One v2 merge per list of definitions: mergeDefinitions asks for the head error, then the value.
  const results = new WeakMap<readonly Definition[], V2Result>();
  const v2Merge = (loc: OptionPath, defs: readonly Definition[]): V2Result => {
    let r = results.get(defs);
    if (r === undefined) {
      const defsValue = defs.map((d) => NixAttrs.from({ file: d.file, value: d.value }));
      const set = force(callFunction(v2() as Value, NixAttrs.from({ loc: [...loc], defs: defsValue })));
      if (!(set instanceof NixAttrs)) throw new UserError(`The v2 merge of option type '${self.name}' must return a set { headError; value; valueMeta; }`);
      r = { headError: set.get("headError") ?? null, value: set.lazy("value") ?? null, valueMeta: set.lazy("valueMeta") ?? NixAttrs.empty };
      results.set(defs, r);
    }
    return r;
  };
  // name and description are read when needed: the set may be a type that contains itself.
  let name: string | undefined;
  let description: string | undefined;
  const self: OptionType = {
    get name() {
      return (name ??= str("name", "unnamed"));
    },
    get description() {
      return (description ??= str("description", self.name));
    },
    check(x) {
      const check = fn("check");
      return check === undefined ? true : force(callFunction(check, x)) === true;
    },
    get headError() {
      if (v2() === undefined) return undefined;
      return (loc: OptionPath, defs: readonly Definition[]) => {
        if (!coherent()) throw adhocCheckError(loc, self.description);
        const e = v2Merge(loc, defs).headError;
        if (e === null) return undefined;
        const message = e instanceof NixAttrs ? e.get("message") : undefined;
        return { detail: message !== undefined && isString(message) ? stringText(message) : String(message), defs };
      };
    },
    get v2Incoherent() {
      return v2() !== undefined && !coherent();
    },
    merge(loc, defs) {
      if (v2() !== undefined && coherent()) return force(v2Merge(loc, defs).value);
      const merge = fn("merge");
      if (merge === undefined) throw new UserError(`Cannot merge option type '${self.name}': it has no merge function`);
      const defsValue = defs.map((d) => NixAttrs.from({ file: d.file, value: d.value }));
      return callFunction(merge, [...loc], defsValue);
    },
    valueMeta(loc, defs) {
      if (v2() === undefined) return NixAttrs.empty;
      const meta = force(v2Merge(loc, defs).valueMeta);
      return meta instanceof NixAttrs ? meta : NixAttrs.empty;
    },
    get emptyValue() {
      const empty = v.get("emptyValue");
      return empty instanceof NixAttrs && empty.has("value") ? { value: empty.lazy("value") as Lazy } : undefined;
    },
    // The options below it (a submodule's, through attrsOf or listOf), for documentation: `option` and `docs` walk them.
    get getSubOptions() {
      const f = v.get("getSubOptions");
      if (!(f instanceof NixFunction)) return undefined;
      return (prefix: OptionPath) => {
        const sub = force(callFunction(f, [...prefix]));
        return sub instanceof NixAttrs ? sub : NixAttrs.empty;
      };
    },
    nestedTypes: {},
    typeMerge: (other) => (other === self ? self : undefined),
  };
  return self;
}
