/**
 * Option declaration helpers: mkOption, mkEnableOption, mkPackageOption,
 * literalExpression and literalMD, producing the same tagged attribute sets
 * as nixpkgs.
 */
import { force, NixAttrs, Thunk, type Lazy } from "../nix/value.ts";
import { nixThrow } from "../nix/expect.ts";
import { typeValue, type OptionType } from "./types/option-type.ts";
import { bool } from "./types/scalar.ts";
import { packageType } from "./types/path.ts";
import { nullOr } from "./types/null-or.ts";

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

/**
 * `mkPackageOption pkgs name { default, nullable, extraDescription }`: the
 * default is `pkgs.<default>` (read when used: a missing attribute is
 * "… cannot be found in pkgs" then); `nullable` also admits null.
 */
export function mkPackageOption(
  pkgs: NixAttrs,
  name: string,
  opts: { default?: string; nullable?: boolean; extraDescription?: string } = {},
): NixAttrs {
  const attr = opts.default ?? name;
  return mkOption({
    type: opts.nullable === true ? nullOr(packageType) : packageType,
    default: new Thunk(() => force(pkgs.lazy(attr) ?? nixThrow(`${attr} cannot be found in pkgs`))),
    defaultText: literalExpression(`pkgs.${attr}`),
    description: `The ${name} package to use.${opts.extraDescription ? " " + opts.extraDescription : ""}`,
  });
}
