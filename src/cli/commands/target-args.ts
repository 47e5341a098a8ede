/**
 * What switch, register and pre-populate share: their options (a
 * configuration, or a generation built already with --store-path; the
 * root; --dry-run; --sudo; the Nix settings and flake inputs), parsed with
 * --help answered, the root and the right to activate in it checked, and
 * the generation they act on (../generation-target.ts), built when a
 * configuration is given.
 */
import type { Io } from "../io.ts";
import { parseCommandArgs } from "../parse-args.ts";
import { checkRoot } from "../check-root.ts";
import { takeOverrides } from "../flake-args.ts";
import { checkActivationRights } from "../privileges.ts";
import { evalSettings, takeSettingPairs } from "../eval-settings.ts";
import { generationTarget, type GenerationTarget } from "../generation-target.ts";
import { CONFIG_OPTIONS } from "../config-options.ts";

export const TARGET_OPTIONS = {
  ...CONFIG_OPTIONS,
  "no-eval-cache": { type: "boolean" },
  "store-path": { type: "string" },
  root: { type: "string", default: "/" },
  "dry-run": { type: "boolean" },
  sudo: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** The options some of them add: switch's --repair and --generation, and --ephemeral. */
const EXTRA_OPTIONS = {
  repair: { type: "boolean" },
  generation: { type: "string" },
  ephemeral: { type: "boolean" },
} as const;

type Extra = Partial<typeof EXTRA_OPTIONS>;
type Values = ReturnType<typeof parseCommandArgs<typeof TARGET_OPTIONS & typeof EXTRA_OPTIONS>>["values"];

export type TargetCommand = GenerationTarget & { readonly values: Values; readonly root: string; readonly sudo: boolean };

export async function targetCommand(command: string, argv: readonly string[], extra: Extra, help: string, io: Io, none: "refuse" | "current"): Promise<TargetCommand | undefined> {
  const { argv: rest0, overrides } = takeOverrides(argv, command);
  const { argv: rest, options } = takeSettingPairs(rest0, command);
  // Only the options `command` takes are parsed (another is refused); the type spans them all.
  const { values } = parseCommandArgs(command, rest, { ...TARGET_OPTIONS, ...extra } as typeof TARGET_OPTIONS & typeof EXTRA_OPTIONS);
  if (values.help === true) {
    io.stdout(help);
    return undefined;
  }
  const root = checkRoot(values.root as string, io.cwd);
  const settings = evalSettings(options, values, io.env, (w) => io.stderr(`warning: ${w}\n`));
  const sudo = values.sudo === true;
  checkActivationRights(root, sudo);
  const target = await generationTarget(command, { ...values, overrideInput: overrides, settings }, root, sudo, io, none);
  return { ...target, values, root, sudo };
}
