/**
 * `system-manager.lib.makeSystemConfig { modules, overlays ? [], specialArgs ? {}, … }`:
 * a value that records the modules, and evaluates them (lazily) as the
 * build does, so `config` and `options` can be inspected with `eval`.
 * As system-manager's, it takes `lib` and `pkgs` from its nixpkgs input
 * (which follows the flake's `nixpkgs`; see flake-system.ts): nixpkgs'
 * own lib when that input is a nixpkgs tree, our package set over it
 * (nixpkgs-packages.ts); and gives NixOS's `utils` (nixos-utils.nix).
 * Finding a configuration in a flake follows system-manager's
 * find_flake_attr: `systemConfigs.<system>.<name>`, then
 * `systemConfigs.<name>`, the name an attribute path (`#x86_64-linux.web`);
 * without a name, the hostname (one attribute, dots and all), then `default`.
 */
import { UserError } from "../diagnostics/user-error.ts";
import { EvalError } from "../nix/errors.ts";
import { force, NixAttrs, NixFunction, Thunk, typeTag, type Lazy, type Value } from "../nix/value.ts";
import { parseAttrPath } from "../nix/auto-call.ts";
import { evaluateSystem } from "../build/evaluate-system.ts";
import { nixpkgsPackagesOf, type PkgsFor } from "./nixpkgs-packages.ts";
import { PACKAGE_ROOT } from "../config/package-files.ts";
import { join } from "node:path";

/** NixOS's `utils` as system-manager gives it. */
export const NIXOS_UTILS = join(PACKAGE_ROOT, "src", "flake", "nixos-utils.nix");

export const SYSTEM_CONFIG_TYPE = "system-manager-configuration";

export interface SystemConfigValue {
  readonly modules: readonly Lazy[];
  readonly specialArgs: Readonly<Record<string, Lazy>>;
  /** `pkgs` from the flake's nixpkgs input; the build's own package set when it has none of ours. */
  readonly pkgsFor?: PkgsFor;
}

/** Which nixpkgs makeSystemConfig uses (undefined: none; `fallbackLib` and the build's own pkgs then serve). */
export interface SystemNixpkgs {
  readonly input: () => Value | undefined;
  readonly importPath: (path: string) => Value;
}

const pkgsOf = new WeakMap<NixAttrs, () => PkgsFor | undefined>();

export function makeSystemConfigFn(fallbackLib: Lazy, nixpkgs?: SystemNixpkgs): NixFunction {
  const input = () => nixpkgs?.input();
  const lib = new Thunk(() => {
    const n = input();
    return force((n instanceof NixAttrs ? n.lazy("lib") : undefined) ?? fallbackLib);
  }, "lib");
  const utils = new Thunk(() => {
    if (nixpkgs === undefined) return NixAttrs.empty;
    return (force(nixpkgs.importPath(NIXOS_UTILS)) as NixFunction).call(NixAttrs.from({ lib }));
  }, "utils");
  return new NixFunction((arg) => {
    const a = force(arg);
    if (!(a instanceof NixAttrs)) throw new EvalError("makeSystemConfig expects a set of arguments");
    const given = force(a.lazy("modules") ?? []);
    if (!Array.isArray(given)) throw new EvalError("makeSystemConfig: `modules' must be a list");
    // `overlays ? [ ]`: before the configuration's own nixpkgs.overlays (mkBefore), as upstream's `overlays ++ cfg.overlays`.
    const overlays = a.lazy("overlays");
    const before = NixAttrs.from({ _type: "order", priority: 500n, content: overlays ?? [] });
    const modules = overlays === undefined ? given : [NixAttrs.from({ _file: "system-manager.lib.makeSystemConfig", nixpkgs: NixAttrs.from({ overlays: before }) }), ...given];
    const special = force(a.lazy("specialArgs") ?? NixAttrs.empty) as NixAttrs;
    const extra = force(a.lazy("extraSpecialArgs") ?? NixAttrs.empty) as NixAttrs;
    const specialArgs: Record<string, Lazy> = { lib, utils, ...Object.fromEntries(extra.map), ...Object.fromEntries(special.map) };
    const pkgsFor = () => nixpkgsPackagesOf(input());
    const evaluation = new Thunk(() => {
      const ev = evaluateSystem(modules, specialArgs, undefined, pkgsFor()).evaluation;
      return NixAttrs.from({ config: new Thunk(() => ev.config), options: new Thunk(() => ev.options) });
    });
    const part = (k: string) => new Thunk(() => force((force(evaluation) as NixAttrs).lazy(k) as Lazy));
    const value = NixAttrs.from({ _type: SYSTEM_CONFIG_TYPE, type: "derivation", name: "system-manager", modules, specialArgs: NixAttrs.from(specialArgs), config: part("config"), options: part("options") });
    pkgsOf.set(value, pkgsFor);
    return value;
  }, undefined, "makeSystemConfig");
}

export function systemConfigOf(v: Value, where: string): SystemConfigValue {
  if (!(v instanceof NixAttrs) || typeTag(v) !== SYSTEM_CONFIG_TYPE) {
    throw new UserError(`${where} is not a system-manager configuration (made by system-manager.lib.makeSystemConfig)`);
  }
  const pkgsFor = pkgsOf.get(v)?.();
  return {
    modules: force(v.lazy("modules") as Lazy) as Lazy[],
    specialArgs: Object.fromEntries((force(v.lazy("specialArgs") as Lazy) as NixAttrs).map),
    ...(pkgsFor !== undefined ? { pkgsFor } : {}),
  };
}

export function findSystemConfig(outputs: NixAttrs, flake: string, system: string, hostname: string, name: string | undefined): Value {
  const configs = outputs.get("systemConfigs");
  // An attribute path, as Nix's `systemConfigs ? <path>` reads it: `#x86_64-linux.web` names systemConfigs.x86_64-linux.web.
  const probe = (path: readonly string[]): Value | undefined => {
    if (!(configs instanceof NixAttrs)) return undefined;
    return along(configs.get(system), path) ?? along(configs, path);
  };
  if (name !== undefined) {
    const found = probe(parseAttrPath(name.replace(/^systemConfigs\./, "")));
    if (found === undefined) throw new UserError(`Explicitly provided flake URI does not point to a valid system-manager configuration: ${flake}#${name}`);
    return found;
  }
  // The hostname is one attribute, dots and all (system-manager quotes it).
  const found = probe([hostname]) ?? probe(["default"]);
  if (found === undefined) throw new UserError(`No suitable flake attribute found in ${flake} (tried systemConfigs.${system}.${hostname}, systemConfigs.${hostname}, systemConfigs.${system}.default, systemConfigs.default), giving up.`);
  return found;
}

/** The value at `path` below `v`, or undefined where a step is missing or not a set. */
function along(v: Value | undefined, path: readonly string[]): Value | undefined {
  let cur = v;
  for (const k of path) {
    if (!(cur instanceof NixAttrs) || !cur.has(k)) return undefined;
    cur = cur.get(k);
  }
  return path.length === 0 ? undefined : cur;
}
