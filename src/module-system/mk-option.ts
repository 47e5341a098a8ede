/**
 * Option declaration helpers: mkOption, mkEnableOption, mkPackageOption,
 * literalExpression and literalMD, producing the same tagged attribute sets
 * as nixpkgs.
 */
import { NixAttrs, type Lazy } from "../nix/value.ts";
import { typeValue, type OptionType } from "./types/option-type.ts";
import { bool } from "./types/scalar.ts";
import { packageType } from "./types/path.ts";

export interface MkOptionArgs {
  readonly type?: OptionType;
  readonly default?: Lazy;
  readonly defaultText?: Lazy;
  readonly example?: Lazy;
  readonly description?: string;
  readonly apply?: Lazy;
  readonly readOnly?: boolean;
  readonly internal?: boolean;
  readonly visible?: Lazy;
}

export function mkOption(args: MkOptionArgs): NixAttrs {
  const map = new Map<string, Lazy>([["_type", "option"]]);
  for (const [k, v] of Object.entries(args)) {
    if (v === undefined) continue;
    map.set(k, k === "type" ? typeValue(v as OptionType) : (v as Lazy));
  }
  return new NixAttrs(map);
}

export function mkEnableOption(name: string): NixAttrs {
  return mkOption({ type: bool, default: false, example: true, description: `Whether to enable ${name}.` });
}

export function literalExpression(text: string): NixAttrs {
  return NixAttrs.from({ _type: "literalExpression", text });
}

export function literalMD(text: string): NixAttrs {
  return NixAttrs.from({ _type: "literalMD", text });
}

/** `mkPackageOption pkgs name { default, nullable, example, extraDescription }`. */
export function mkPackageOption(
  pkgs: NixAttrs,
  name: string,
  opts: { default?: string; nullable?: boolean; extraDescription?: string } = {},
): NixAttrs {
  const attr = opts.default ?? name;
  const dflt = pkgs.lazy(attr);
  return mkOption({
    type: packageType,
    default: dflt ?? null,
    defaultText: literalExpression(`pkgs.${attr}`),
    description: `The ${name} package to use.${opts.extraDescription ? " " + opts.extraDescription : ""}`,
  });
}
