/**
 * The flags every command that evaluates a configuration takes, one table
 * their parsers (and shell completion) spread: the flake-input and Nix
 * setting flags, --config or --flake, and --impure.
 */
import { FLAKE_INPUT_OPTIONS } from "./flake-input-args.ts";
import { EVAL_SETTING_OPTIONS } from "./eval-settings.ts";

export const CONFIG_OPTIONS = {
  ...FLAKE_INPUT_OPTIONS,
  ...EVAL_SETTING_OPTIONS,
  config: { type: "string" },
  flake: { type: "string" },
  impure: { type: "boolean" },
} as const;
