/**
 * Options every home configuration has: assertions and warnings (re-emitted
 * by the system as "<user> profile: …"), and `nixpkgs.*`, which warn when
 * the configuration shares the system's packages (useGlobalPkgs).
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";

const { mkOption, types } = lib;

interface Cfg {
  nixpkgs: { config: Record<string, unknown>; overlays: unknown[] };
  submoduleSupport: { useGlobalPkgs: boolean };
}

export const homeMiscModule = ({ config }: { config: Cfg }) => ({
  _file: "home-manager/modules/misc.ts",
  options: {
    assertions: mkOption({ type: types.listOf(types.unspecified), internal: true, default: [], description: "Conditions the configuration must meet." }),
    warnings: mkOption({ type: types.listOf(types.str), internal: true, default: [], description: "Warnings shown when the configuration is built." }),
    nixpkgs: {
      config: mkOption({ type: types.attrs, default: {}, description: "nixpkgs configuration (ignored with useGlobalPkgs)." }),
      overlays: mkOption({ type: types.listOf(types.unspecified), default: [], description: "nixpkgs overlays (ignored with useGlobalPkgs)." }),
    },
    submoduleSupport: {
      useGlobalPkgs: mkOption({ type: types.bool, default: false, internal: true, description: "Whether the system's pkgs are used." }),
      externalPackageInstall: mkOption({ type: types.bool, default: false, internal: true, description: "Whether packages are installed by the system (useUserPackages)." }),
    },
  },
  config: {
    warnings: lib.lazy(() =>
      config.submoduleSupport.useGlobalPkgs && (Object.keys(config.nixpkgs.config).length > 0 || config.nixpkgs.overlays.length > 0)
        ? ["You have set either `nixpkgs.config` or `nixpkgs.overlays` while using `home-manager.useGlobalPkgs`.\nThis will soon not be possible. Please remove all `nixpkgs` options when using `home-manager.useGlobalPkgs`."]
        : [],
    ),
  },
});
