/**
 * NixOS options home-manager's NixOS module sets or reads, which
 * system-manager (as numtide's) declares without managing what they
 * manage on NixOS: `fonts.fontconfig.enable` (false: no system-wide
 * fontconfig; home-manager reads it for its own default),
 * `systemd.user.*` (user units installed system-wide) and
 * `system.userActivationScripts` (both set with
 * `home-manager.startAsUserService`). system-manager installs no
 * system-wide user units and runs no user activation scripts, so a
 * non-empty value is an error that says so rather than being dropped.
 * Per-user units belong in each user's home-manager configuration.
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";

const { mkOption, types } = lib;

interface Cfg {
  systemd: { user: Record<string, Record<string, unknown>> };
  system: { userActivationScripts: Record<string, unknown> };
}

const nonEmpty = (set: Record<string, unknown>) => Object.keys(set).filter((k) => set[k] !== null && !(typeof set[k] === "object" && Object.keys(set[k] as object).length === 0));

export const nixosOptionsForHomeManagerModule = ({ config }: { config: Cfg }) => ({
  _file: "system-manager/modules/nixos-options-for-home-manager.ts",
  options: {
    fonts: {
      fontconfig: {
        enable: mkOption({ type: types.bool, default: false, description: "NixOS's system-wide fontconfig. system-manager does not configure fontconfig for the host; home-manager enables its own per user when this is on." }),
      },
    },
    systemd: {
      user: mkOption({
        type: types.attrsOf(types.attrsOf(types.anything)),
        default: {},
        description: "NixOS's system-wide user units (`services`, `timers`, …). Not supported by system-manager: declare user units in a user's home-manager configuration instead.",
      }),
    },
    system: {
      userActivationScripts: mkOption({
        type: types.attrsOf(types.anything),
        default: {},
        description: "NixOS's scripts run in every user's session on activation. Not supported by system-manager.",
      }),
    },
  },
  config: {
    assertions: lib.lazy(() => [
      ...nonEmpty(config.systemd.user).map((kind) => ({
        assertion: false,
        message: `system-manager does not install system-wide user units: \`systemd.user.${kind}' is set (home-manager sets it with home-manager.startAsUserService = true; leave that off, and declare user units in home-manager.users.<name>.systemd.user).`,
        loc: ["systemd", "user", kind],
      })),
      ...nonEmpty(config.system.userActivationScripts).map((name) => ({
        assertion: false,
        message: `system-manager does not run user activation scripts: \`system.userActivationScripts.${name}' is set (home-manager sets it with home-manager.startAsUserService = true; leave that off).`,
        loc: ["system", "userActivationScripts", name],
      })),
    ]),
  },
});
