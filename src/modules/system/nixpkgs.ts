/**
 * `nixpkgs.*`: the platform the configuration is for (`hostPlatform`,
 * required, checked against the machine by the build), the overlays of
 * the modules' `pkgs` (src/build/system-pkgs.ts) and `config`, kept for
 * compatibility with NixOS configurations.
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";

const { mkOption, types } = lib;

export const nixpkgsModule = {
  _file: "system-manager/modules/nixpkgs.ts",
  options: {
    nixpkgs: {
      hostPlatform: mkOption({
        type: types.either(types.str, types.attrs),
        example: "x86_64-linux",
        description: "The platform the configuration runs on, as a system string such as `x86_64-linux` or a set with a `system` attribute.",
      }),
      buildPlatform: mkOption({
        type: types.either(types.str, types.attrs),
        description: "The platform the configuration is built on. Defaults to `hostPlatform`; cross builds are not supported.",
      }),
      config: mkOption({ type: types.attrs, default: {}, description: "The nixpkgs configuration (accepted for compatibility; it does not change Debian packages)." }),
      overlays: mkOption({ type: types.listOf(types.unspecified), default: [], description: "nixpkgs overlays (`final: prev: { … }`), applied to the modules' `pkgs` as nixpkgs applies them." }),
    },
  },
};
