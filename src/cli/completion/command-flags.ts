/**
 * What shell completion offers after each command: its flags, read from
 * the very tables the command's parser reads (its node:util parseArgs
 * options and the options taking two values, pair-args.ts), and what its
 * positional arguments are. The commands themselves are main.ts's
 * COMMANDS and home-manager-commands.ts's HOME_MANAGER_COMMANDS; a
 * command missing here completes its --help and the global flags only.
 */
import type { ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Pairs = Readonly<Record<string, readonly [string, string]>>;

/** What a positional argument is: an option path (option), a directory (init), generation numbers, each of them (remove-generations), one of some words (flake's subcommands), or nothing to offer. */
export type Positional = "option-path" | "dir" | "generations" | "none" | { readonly words: readonly string[] };

export interface CommandFlags {
  readonly options: Options;
  readonly pairs?: Pairs;
  readonly positional?: Positional;
}

export interface Flag {
  /** As typed: `--flake`, `-h`. */
  readonly name: string;
  /** The long name it stands for (`flake`, `help`). */
  readonly long: string;
  /** How many values follow it. */
  readonly values: number;
}

/** The flags of `c`, long and short, in the order of its tables. */
export function flagsOf(c: CommandFlags): Flag[] {
  const out: Flag[] = [];
  for (const [long, o] of Object.entries(c.options)) {
    const values = o.type === "string" ? 1 : 0;
    out.push({ name: `--${long}`, long, values });
    if (o.short !== undefined) out.push({ name: `-${o.short}`, long, values });
  }
  for (const long of Object.keys(c.pairs ?? {})) out.push({ name: `--${long}`, long, values: 2 });
  return out;
}

type Table = Readonly<Record<string, () => Promise<CommandFlags>>>;

/** The pairs every evaluating command takes (--override-input, --option). */
async function evaluatingPairs(): Promise<Pairs> {
  const { OVERRIDE_PAIRS } = await import("../flake-input-args.ts");
  const { SETTING_PAIRS } = await import("../eval-settings.ts");
  return { ...OVERRIDE_PAIRS, ...SETTING_PAIRS };
}

async function target(extra: Options): Promise<CommandFlags> {
  const { TARGET_OPTIONS } = await import("../commands/target-args.ts");
  return { options: { ...TARGET_OPTIONS, ...extra }, pairs: await evaluatingPairs() };
}

/** Commands that also take --target-host and --ssh-option, taken out before their parser (../remote-args.ts). */
async function remotely(flags: Promise<CommandFlags>): Promise<CommandFlags> {
  const { REMOTE_FLAGS } = await import("../remote-args.ts");
  const f = await flags;
  return { ...f, options: { ...f.options, ...REMOTE_FLAGS } };
}

const COMPLETION: CommandFlags = { options: {}, positional: { words: ["bash", "zsh"] } };

export const SYSTEM_COMMAND_FLAGS: Table = {
  build: async () => remotely((async () => ({ options: (await import("../commands/build.ts")).BUILD_OPTIONS, pairs: await evaluatingPairs() }))()),
  switch: async () => remotely(target((await import("../commands/switch.ts")).SWITCH_EXTRA)),
  register: async () => remotely(target({})),
  "pre-populate": async () => remotely(target((await import("../commands/pre-populate.ts")).PRE_POPULATE_EXTRA)),
  generations: async () => ({ options: (await import("../commands/generations.ts")).GENERATIONS_OPTIONS }),
  rollback: async () => ({ options: (await import("../commands/generations.ts")).ROLLBACK_OPTIONS }),
  deactivate: async () => remotely((async () => ({ options: (await import("../commands/generations.ts")).DEACTIVATE_OPTIONS }))()),
  eval: async () => {
    const { EVAL_OPTIONS, EVAL_PAIRS } = await import("../commands/eval-args.ts");
    const { OVERRIDE_PAIRS } = await import("../flake-input-args.ts");
    return { options: EVAL_OPTIONS, pairs: { ...OVERRIDE_PAIRS, ...EVAL_PAIRS } };
  },
  option: async () => ({ options: (await import("../commands/option.ts")).optionOptions("system-manager", "option"), pairs: await evaluatingPairs(), positional: "option-path" }),
  options: async () => ({ options: (await import("../commands/option.ts")).optionOptions("system-manager", "options"), pairs: await evaluatingPairs() }),
  update: async () => ({ options: (await import("../commands/update.ts")).UPDATE_OPTIONS }),
  gc: async () => ({ options: (await import("../commands/gc.ts")).GC_OPTIONS }),
  deploy: async () => ({ options: (await import("../commands/deploy.ts")).DEPLOY_OPTIONS }),
  docs: async () => ({ options: (await import("../commands/docs.ts")).DOCS_OPTIONS, pairs: await evaluatingPairs() }),
  flake: async () => {
    const { FLAKE_OPTIONS, FLAKE_SUBCOMMANDS } = await import("../commands/flake.ts");
    const { OVERRIDE_PAIRS } = await import("../flake-input-args.ts");
    return { options: FLAKE_OPTIONS, pairs: OVERRIDE_PAIRS, positional: { words: FLAKE_SUBCOMMANDS } };
  },
  init: async () => ({ options: (await import("../commands/init.ts")).INIT_OPTIONS, positional: "dir" }),
  completion: async () => COMPLETION,
};

export const HOME_COMMAND_FLAGS: Table = {
  build: async () => ({ options: (await import("../home-manager/home-build.ts")).HOME_BUILD_OPTIONS, pairs: await evaluatingPairs() }),
  switch: async () => ({ options: (await import("../home-manager/home-build.ts")).HOME_BUILD_OPTIONS, pairs: await evaluatingPairs() }),
  option: async () => ({ options: (await import("../commands/option.ts")).optionOptions("home-manager", "option"), pairs: await evaluatingPairs(), positional: "option-path" }),
  options: async () => ({ options: (await import("../commands/option.ts")).optionOptions("home-manager", "options"), pairs: await evaluatingPairs() }),
  docs: async () => {
    const { root: _root, ...withoutRoot } = (await import("../commands/docs.ts")).DOCS_OPTIONS;
    return { options: withoutRoot, pairs: await evaluatingPairs() };
  },
  "remove-generations": async () => ({ options: {}, positional: "generations" }),
  completion: async () => COMPLETION,
};
