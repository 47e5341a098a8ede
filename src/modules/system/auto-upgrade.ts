/**
 * `system.autoUpgrade`, as system-manager's auto-upgrade.nix: a timer
 * (`dates`, 04:40 by default) that starts `system-manager-upgrade.service`,
 * a oneshot running `${system-manager}/bin/system-manager switch --refresh
 * --flake <flake>` plus `flags`: the system-manager that built the
 * configuration, as a store path (the modules' `system-manager`
 * argument: system-manager-package.ts). The service is never restarted by the
 * switch it runs (restartIfChanged = false) nor stopped when it leaves
 * the configuration (X-StopOnRemoval=false), and waits for the network.
 * `flake` is required when enabled (an assertion); NixOS's options that
 * mean nothing here (allowReboot, rebootWindow, operation, channel,
 * upgrade) are accepted and warn when set.
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";

const { mkOption, mkIf, types } = lib;

const noEffect = (what: string) => `This option has no effect in system-manager (${what}). It exists for NixOS configuration compatibility.`;
const hhmm = types.strMatching("[[:digit:]]{2}:[[:digit:]]{2}");

interface Cfg {
  enable: boolean;
  flake: string;
  flags: string[];
  dates: string;
  randomizedDelaySec: string;
  fixedRandomDelay: boolean;
  persistent: boolean;
  allowReboot: boolean;
  rebootWindow: unknown;
  operation: string;
  channel: string | null;
  upgrade: boolean;
  systemManager: string;
}

function warnings(cfg: Cfg): string[] {
  const kernel = "has no effect: system-manager does not manage the kernel or initrd";
  return [
    ...(cfg.allowReboot ? [`system.autoUpgrade.allowReboot ${kernel}`] : []),
    ...(cfg.rebootWindow !== null ? [`system.autoUpgrade.rebootWindow ${kernel}`] : []),
    ...(cfg.operation !== "switch" ? ["system.autoUpgrade.operation has no effect: system-manager only supports switch"] : []),
    ...(cfg.channel !== null ? ["system.autoUpgrade.channel has no effect: system-manager is flake-only"] : []),
    ...(!cfg.upgrade ? ["system.autoUpgrade.upgrade has no effect in system-manager"] : []),
  ];
}

interface Args {
  config: { system: { autoUpgrade: Cfg } };
  options: { system: { autoUpgrade: { flake: { isDefined: boolean } } } };
  "system-manager": { outPath: string };
}

export const autoUpgradeModule = ({ config, options, "system-manager": systemManager }: Args) => {
  const cfg = () => config.system.autoUpgrade;
  const enabled = () => cfg().enable;
  return {
    _file: "system-manager/modules/auto-upgrade.ts",
    options: {
      system: {
        autoUpgrade: {
          enable: mkOption({ type: types.bool, default: false, description: "Whether to upgrade periodically: a systemd timer runs `system-manager switch --flake <flake>` at `dates`." }),
          flake: mkOption({ type: types.str, example: "github:numtide/example", description: "The flake URI passed to `system-manager switch --flake`." }),
          flags: mkOption({ type: types.listOf(types.str), default: [], example: ["--ephemeral"], description: "Additional flags passed to `system-manager switch` (`--refresh` and `--flake <flake>` always are)." }),
          dates: mkOption({ type: types.str, default: "04:40", example: "daily", description: "When the upgrade runs, as a systemd.time(7) calendar event." }),
          randomizedDelaySec: mkOption({ type: types.str, default: "0", example: "45min", description: "A random delay added before each upgrade, as a systemd.time(7) time span." }),
          fixedRandomDelay: mkOption({ type: types.bool, default: false, example: true, description: "Whether the randomized delay is the same on every run." }),
          persistent: mkOption({ type: types.bool, default: true, example: false, description: "Whether a run missed while the machine was off happens at the next boot." }),
          allowReboot: mkOption({ type: types.bool, default: false, description: noEffect("no kernel or initrd to reboot into") }),
          rebootWindow: mkOption({
            type: types.nullOr(types.submodule({ options: { lower: mkOption({ type: hhmm, example: "01:00" }), upper: mkOption({ type: hhmm, example: "05:00" }) } })),
            default: null,
            description: noEffect("no kernel or initrd to reboot into"),
          }),
          operation: mkOption({ type: types.enum(["switch", "boot"]), default: "switch", description: noEffect("only switch is supported") }),
          channel: mkOption({ type: types.nullOr(types.str), default: null, description: noEffect("flake-only") }),
          upgrade: mkOption({ type: types.bool, default: true, description: noEffect("it always switches to the flake as it is") }),
          systemManager: mkOption({
            type: types.str,
            internal: true,
            defaultText: lib.literalExpression('"${system-manager}/bin/system-manager"'),
            description: "The command the upgrade runs `switch` with: the system-manager that built the configuration.",
          }),
        },
      },
    },
    config: lib.mkMerge([
      { system: { autoUpgrade: { systemManager: lib.mkOptionDefault(lib.lazy(() => `${systemManager.outPath}/bin/system-manager`)) } } },
      mkIf(enabled, {
        assertions: [
          {
            assertion: lib.lazy(() => options.system.autoUpgrade.flake.isDefined),
            message: 'system.autoUpgrade.enable is set but system.autoUpgrade.flake is not: the upgrade needs the flake to switch to, such as system.autoUpgrade.flake = "github:owner/repo";',
            loc: ["system", "autoUpgrade", "enable"],
          },
        ],
        warnings: lib.lazy(() => warnings(cfg())),
        // First, as system-manager's module (listed before the user's) puts them, whatever order modules come in.
        system: { autoUpgrade: { flags: lib.mkBefore(lib.lazy(() => ["--refresh", `--flake ${cfg().flake}`])) } },
        systemd: {
          services: {
            "system-manager-upgrade": {
              description: "System Manager Upgrade",
              restartIfChanged: false,
              unitConfig: { "X-StopOnRemoval": false },
              serviceConfig: { Type: "oneshot" },
              script: lib.lazy(() => `${cfg().systemManager} switch ${cfg().flags.join(" ")}\n`),
              startAt: lib.lazy(() => [cfg().dates]),
              after: ["network-online.target"],
              wants: ["network-online.target"],
            },
          },
          timers: {
            "system-manager-upgrade": {
              timerConfig: {
                RandomizedDelaySec: lib.lazy(() => cfg().randomizedDelaySec),
                FixedRandomDelay: lib.lazy(() => cfg().fixedRandomDelay),
                Persistent: lib.lazy(() => cfg().persistent),
              },
            },
          },
        },
      }),
    ]),
  };
};
