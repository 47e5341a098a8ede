/**
 * `programs.fish`, as NixOS's module for a host's own fish: when enabled,
 * fish (programs.fish.package, Debian's by default) is installed into the
 * system profile and /etc/fish/conf.d/system-manager.fish gives every fish
 * what POSIX login shells get from /etc/profile.d (fish reads no
 * /etc/profile: without it, a user whose shell is fish has neither the
 * system profile nor their own on PATH), then the shell settings
 * (fish-config.ts). Debian's own /etc/fish/config.fish is left alone.
 * NixOS's vendor and completion options are accepted and have nothing to
 * do: packages' fish files are in the profile's share/, on XDG_DATA_DIRS.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { renderFishConfig, type FishSettings } from "./fish-config.ts";

const { mkOption, mkIf, types } = lib;

interface FishCfg {
  programs: { fish: FishSettings & { enable: boolean; package: unknown } };
}

const lines = (description: string) => mkOption({ type: types.lines, default: "", description });
const accepted = (description: string) => mkOption({ type: types.bool, default: true, description: `${description} Accepted for compatibility: packages' fish files are found through XDG_DATA_DIRS.` });

export const fishModule = ({ config, pkgs }: { config: FishCfg; pkgs: Record<string, unknown> }) => {
  const cfg = () => config.programs.fish;
  return {
    _file: "system-manager/modules/programs/fish.ts",
    options: {
      programs: {
        fish: {
          enable: mkOption({
            type: types.bool,
            default: false,
            description: "Whether to configure fish as an interactive shell: the package in the system profile, and /etc/fish/conf.d/system-manager.fish with the system's environment and the settings below.",
          }),
          package: mkOption({ type: types.package, default: lib.lazy(() => pkgs.fish), defaultText: "pkgs.fish", description: "The fish package to install." }),
          useBabelfish: mkOption({ type: types.bool, default: false, description: "NixOS's choice of translator for its environment. system-manager's fish runs the profile script in sh at start-up either way." }),
          shellInit: lines("Shell script code called during fish shell initialisation."),
          loginShellInit: lines("Shell script code called during fish login shell initialisation."),
          interactiveShellInit: lines("Shell script code called during interactive fish shell initialisation."),
          promptInit: lines("Shell script code used to initialise the fish prompt."),
          shellAliases: mkOption({ type: types.attrsOf(types.nullOr(types.str)), default: {}, example: { ll: "ls -l" }, description: "Aliases for interactive fish shells; null removes one." }),
          shellAbbrs: mkOption({ type: types.attrsOf(types.str), default: {}, example: { gco: "git checkout" }, description: "Abbreviations for interactive fish shells." }),
          vendor: {
            config: { enable: accepted("Whether fish reads packages' vendor configuration.") },
            completions: { enable: accepted("Whether fish reads packages' vendor completions.") },
            functions: { enable: accepted("Whether fish reads packages' vendor functions.") },
          },
        },
      },
    },
    config: mkIf(() => cfg().enable, {
      environment: {
        systemPackages: lib.lazy(() => [cfg().package]),
        etc: { "fish/conf.d/system-manager.fish": { text: lib.lazy(() => renderFishConfig(cfg())) } },
      },
    }),
  };
};
