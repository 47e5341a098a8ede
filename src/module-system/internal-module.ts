/**
 * The module every evaluation adds (nixpkgs' `lib/modules.nix` internal
 * module): `_module.args`, `_module.check`, `_module.freeformType` and the
 * read-only `_module.specialArgs`.
 */
import { NixAttrs, type Lazy } from "../nix/value.ts";
import { mkOption } from "./mk-option.ts";
import { lazyAttrsOf } from "./types/attrs-of.ts";
import { raw } from "./types/anything.ts";
import { optionType } from "./types/option-type-type.ts";
import { bool } from "./types/scalar.ts";
import { nullOr } from "./types/null-or.ts";
import { attrs } from "./types/attrs-of.ts";

export const INTERNAL_FILE = "lib/modules.nix";

/** The declarations at the top (index 0) and below it (1): `_module.args` is documented once, at the top (nixpkgs). */
const options: (NixAttrs | undefined)[] = [undefined, undefined];

/** The same declarations for every evaluation, so submodule instances share them (made on first use: the types import this file in a cycle). */
function internalOptions(top: boolean): NixAttrs {
  return (options[top ? 0 : 1] ??= NixAttrs.from({
    _module: NixAttrs.from({
      args: mkOption({ type: lazyAttrsOf(raw), ...(top ? {} : { internal: true }), description: "Additional arguments passed to each module." }),
      check: mkOption({ type: bool, internal: true, default: true, description: "Whether to check whether all option definitions have matching declarations." }),
      freeformType: mkOption({ type: nullOr(optionType), internal: true, default: null, description: "If set, merge all definitions that don't have an associated option together using this type." }),
      specialArgs: mkOption({ type: attrs, readOnly: true, internal: true, description: "Externally provided module arguments." }),
    }),
  }));
}

/** One module per set of special arguments, at the top and below it: the instances of a submodule type mostly share theirs. */
const modules = [new WeakMap<Readonly<Record<string, Lazy>>, NixAttrs>(), new WeakMap<Readonly<Record<string, Lazy>>, NixAttrs>()];

/** The internal module of an evaluation with these special arguments, at the top (an empty prefix) or below it. */
export function internalModule(specialArgs: Readonly<Record<string, Lazy>>, top: boolean): NixAttrs {
  const byArgs = modules[top ? 0 : 1] as WeakMap<Readonly<Record<string, Lazy>>, NixAttrs>;
  let m = byArgs.get(specialArgs);
  if (m === undefined) byArgs.set(specialArgs, (m = makeInternalModule(specialArgs, top)));
  return m;
}

function makeInternalModule(specialArgs: Readonly<Record<string, Lazy>>, top: boolean): NixAttrs {
  return NixAttrs.from({
    _file: INTERNAL_FILE,
    key: INTERNAL_FILE,
    options: internalOptions(top),
    config: NixAttrs.from({
      _module: NixAttrs.from({ specialArgs: NixAttrs.from({ ...specialArgs }) }),
    }),
  });
}
