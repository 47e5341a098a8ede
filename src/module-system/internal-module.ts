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

let options: NixAttrs | undefined;

/** The same declarations for every evaluation, so submodule instances share them (made on first use: the types import this file in a cycle). */
function internalOptions(): NixAttrs {
  return (options ??= NixAttrs.from({
    _module: NixAttrs.from({
      args: mkOption({ type: lazyAttrsOf(raw), internal: true, description: "Additional arguments passed to each module." }),
      check: mkOption({ type: bool, internal: true, default: true, description: "Whether to check whether all option definitions have matching declarations." }),
      freeformType: mkOption({ type: nullOr(optionType), internal: true, default: null, description: "If set, merge all definitions that don't have an associated option together using this type." }),
      specialArgs: mkOption({ type: attrs, readOnly: true, internal: true, description: "Externally provided module arguments." }),
    }),
  }));
}

/** One module per set of special arguments: the instances of a submodule type mostly share theirs. */
const modules = new WeakMap<Readonly<Record<string, Lazy>>, NixAttrs>();

export function internalModule(specialArgs: Readonly<Record<string, Lazy>>): NixAttrs {
  let m = modules.get(specialArgs);
  if (m === undefined) modules.set(specialArgs, (m = makeInternalModule(specialArgs)));
  return m;
}

function makeInternalModule(specialArgs: Readonly<Record<string, Lazy>>): NixAttrs {
  return NixAttrs.from({
    _file: INTERNAL_FILE,
    key: INTERNAL_FILE,
    options: internalOptions(),
    config: NixAttrs.from({
      _module: NixAttrs.from({ specialArgs: NixAttrs.from({ ...specialArgs }) }),
    }),
  });
}
