/**
 * `system-manager.*`: options about system-manager itself.
 * `linkCurrentSystem` (upstream's, on by default) makes /run/current-system
 * a link to /run/system-manager with a tmpfiles rule that leaves an
 * existing one alone, so that NixOS modules' /run/current-system/sw/bin
 * paths resolve.
 * `preActivationAssertions` are upstream's: shell scripts run on the host
 * before anything is activated (src/activate/pre-activation.ts), each
 * failing one stopping the activation; `osVersion`, defined here as
 * upstream defines it, is the distribution check (enabled unless
 * `allowAnyDistro`), which activation makes itself, on a --root tree's
 * os-release too (src/activate/distro-check.ts).
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";

const { mkOption, mkEnableOption, types } = lib;

/** The distribution check as a script: Debian, Ubuntu or NixOS, in ID or ID_LIKE (derivatives pass, as the built-in check lets them). */
export const OS_VERSION_SCRIPT = `source /etc/os-release
for id in \${ID:-} \${ID_LIKE:-}; do
  case "$id" in
    nixos|ubuntu|debian) exit 0 ;;
  esac
done
echo "This OS is not currently supported."
echo "Supported OSs are: nixos, ubuntu, debian (and their derivatives)"
exit 1
`;

const assertionModule = ({ name }: { name: string }) => ({
  options: {
    enable: mkEnableOption("the assertion"),
    name: mkOption({ type: types.str, default: name, description: "The assertion's name, shown when it fails." }),
    script: mkOption({ type: types.str, description: "A bash script run before activation; a non-zero exit status stops the activation." }),
  },
});

interface Config {
  "system-manager": { allowAnyDistro: boolean; linkCurrentSystem: boolean };
}

export const systemManagerModule = ({ config }: { config: Config }) => ({
  _file: "system-manager/modules/system-manager.ts",
  options: {
    "system-manager": {
      allowAnyDistro: mkOption({
        type: types.bool,
        default: false,
        description: "Whether to allow activation on a distribution other than the supported ones (Debian, Ubuntu and NixOS).",
      }),
      linkCurrentSystem: mkOption({
        type: types.bool,
        default: true,
        description:
          "Whether to make /run/current-system a link to /run/system-manager (a tmpfiles rule, which leaves an existing /run/current-system alone), so that NixOS modules' paths such as /run/current-system/sw/bin resolve.",
      }),
      preActivationAssertions: mkOption({
        type: types.attrsOf(types.submodule(assertionModule)),
        default: {},
        description:
          "Checks run on the host before a generation is activated (switch, activate, pre-populate): each enabled one's script runs with bash, and any that exits non-zero stops the activation before anything changes, its output shown. They do not run for a --root tree (not this machine).",
      }),
    },
  },
  config: {
    systemd: { tmpfiles: { rules: lib.mkIf(() => config["system-manager"].linkCurrentSystem, ["L /run/current-system - - - - /run/system-manager"]) } },
    "system-manager": {
      preActivationAssertions: {
        osVersion: { enable: lib.lazy(() => !config["system-manager"].allowAnyDistro), script: OS_VERSION_SCRIPT },
      },
    },
  },
});
