/**
 * `nix.*`: with `nix.enable`, /etc/nix/nix.conf is generated from
 * `nix.settings` (a freeform set with NixOS's defaults, plus
 * `experimental-features = nix-command flakes` as system-manager sets) and
 * `nix.extraOptions`, replacing (with a backup) the file a Nix installer
 * left there. Only nix.conf is managed: not the daemon, not garbage
 * collection.
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";
import { renderNixConf } from "./nix-conf.ts";

const { mkOption, mkIf, types } = lib;

const atom = types.oneOf([types.bool, types.int, types.float, types.str, types.path, types.package]);
const confValue = types.nullOr(types.either(atom, types.listOf(atom)));

const listOption = (dflt: string[], description: string) => mkOption({ type: types.listOf(types.str), default: dflt, description });

const settingsModule = {
  freeformType: types.attrsOf(confValue),
  options: {
    "allowed-users": listOption(["*"], "Users allowed to connect to the Nix daemon."),
    "auto-optimise-store": mkOption({ type: types.bool, default: false, description: "Whether to deduplicate the store by hard links." }),
    "build-users-group": mkOption({ type: types.str, default: "nixbld", description: "The group of the build users." }),
    builders: mkOption({ type: types.nullOr(types.str), default: null, description: "Remote builders (null: none)." }),
    cores: mkOption({ type: types.int, default: 0, description: "Cores per build job (0: all)." }),
    "experimental-features": listOption(["nix-command", "flakes"], "Experimental Nix features to enable."),
    "extra-sandbox-paths": listOption([], "Extra paths made available inside the build sandbox."),
    "max-jobs": mkOption({ type: types.either(types.int, types.enum(["auto"])), default: "auto", description: "Builds run in parallel." }),
    "require-sigs": mkOption({ type: types.bool, default: true, description: "Whether substituted paths must be signed by a trusted key." }),
    sandbox: mkOption({ type: types.either(types.bool, types.enum(["relaxed"])), default: true, description: "Whether builds are sandboxed." }),
    "sandbox-fallback": mkOption({ type: types.bool, default: false, description: "Whether to build without a sandbox when one cannot be made." }),
    substituters: listOption(["https://cache.nixos.org/"], "Binary caches to substitute from."),
    "system-features": listOption(["nixos-test", "benchmark", "big-parallel", "kvm"], "Features this machine offers to builds."),
    "trusted-public-keys": listOption(["cache.nixos.org-1:6NCHdD59X431o0gWypbMrAURkbJ16ZPMQFGspcDShjY="], "Keys trusted to sign store paths."),
    "trusted-substituters": listOption([], "Substituters unprivileged users may use."),
    "trusted-users": listOption(["root"], "Users with additional rights on the Nix daemon."),
  },
};

interface NixCfg {
  nix: { enable: boolean; settings: Record<string, unknown>; extraOptions: string };
}

export const nixModule = ({ config }: { config: NixCfg }) => ({
  _file: "system-manager/modules/nix.ts",
  options: {
    nix: {
      enable: mkOption({
        type: types.bool,
        default: false,
        description: "Whether to manage /etc/nix/nix.conf (needed by home-manager activation, which runs nix-store and nix-build).",
      }),
      settings: mkOption({ type: types.submodule(settingsModule), default: {}, description: "Settings written to /etc/nix/nix.conf." }),
      package: mkOption({
        type: types.nullOr(types.package),
        default: null,
        description: "The Nix package NixOS modules may refer to (home-manager reads it). system-manager installs no Nix: null unless set.",
      }),
      extraOptions: mkOption({ type: types.lines, default: "", description: "Lines appended to /etc/nix/nix.conf." }),
    },
  },
  config: mkIf(() => config.nix.enable, {
    environment: {
      etc: {
        "nix/nix.conf": {
          text: lib.lazy(() => renderNixConf(config.nix.settings, config.nix.extraOptions)),
          replaceExisting: true,
        },
      },
    },
  }),
});
