/**
 * Where complete.ts's candidates come from for each CLI: the commands
 * (main.ts's COMMANDS, home-manager-commands.ts's HOME_MANAGER_COMMANDS),
 * the global flags (global-flags.ts, home-manager's home-global-flags.ts), each command's flags
 * (command-flags.ts), and what needs an evaluation — a flake's
 * configuration names, option paths — from the completion cache, else
 * from completion-job.ts in a worker with a large stack and a deadline
 * (nothing is offered past it). Which configuration the option paths
 * are of: --flake or --config on the line, else the one `option` reads;
 * the same flake's input paths for --override-input, read without an
 * evaluation (flake-input-names.ts). Generation numbers are the profile's
 * links (generation-numbers.ts): the system profile under --root, or the
 * user's Home Manager profile.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Io } from "../io.ts";
import { cacheDir } from "../cache-dir.ts";
import { flagsOf, HOME_COMMAND_FLAGS, SYSTEM_COMMAND_FLAGS, type Flag } from "./command-flags.ts";
import type { CompletionSources } from "./complete.ts";
import type { CompletionJob, CompletionOutcome, Program } from "./completion-job.ts";
import { splitOptionPrefix } from "./option-paths.ts";

/** How long an evaluating completion may take (cold: nothing cached yet). */
export const FLAKE_NAMES_TIMEOUT_MS = 3000;
export const OPTION_PATHS_TIMEOUT_MS = 10000;

const FROM_SOURCES = import.meta.url.endsWith(".ts");
/** The module whose completionJob the worker calls: the whole CLI's bundle (cli-bundle.ts), or the job itself from sources. */
const ENTRY = new URL(FROM_SOURCES ? "./completion-job.ts" : "./cli.cjs", import.meta.url);

async function globalFlags(program: Program): Promise<Flag[]> {
  if (program === "home-manager") {
    const { HOME_GLOBAL_FLAGS } = await import("../home-manager/home-global-flags.ts");
    return Object.keys(HOME_GLOBAL_FLAGS).map((name) => ({ name, long: name.replace(/^-+/, ""), values: 0 }));
  }
  const { BOOLEAN_FLAGS, GLOBAL_PAIRS, HIDDEN_GLOBAL_FLAGS } = await import("../global-flags.ts");
  const flags = Object.keys(BOOLEAN_FLAGS).filter((f) => !HIDDEN_GLOBAL_FLAGS.has(f)).map((name) => ({ name, long: name.replace(/^-+/, ""), values: 0 }));
  return [...flags, ...flagsOf({ options: {}, pairs: GLOBAL_PAIRS })];
}

async function commands(program: Program): Promise<readonly string[]> {
  if (program === "home-manager") return (await import("../home-manager-commands.ts")).HOME_MANAGER_COMMANDS;
  const { COMMANDS, HIDDEN_COMMANDS } = await import("../main.ts");
  return Object.keys(COMMANDS).filter((c) => !HIDDEN_COMMANDS.has(c));
}

/** Runs `job` through the cache: a valid entry answers; else the worker, whose answer is kept unless it may not be. */
async function cached(job: CompletionJob, config: { flake: string; fragment?: string } | { file: string }, kind: string, timeoutMs: number, io: Io): Promise<readonly string[]> {
  const { invocationKey } = await import("../../build/eval-cache/invocation-key.ts");
  const { hostSystem } = await import("../host.ts");
  const { CompletionCache } = await import("./completion-cache.ts");
  const { key, hash } = invocationKey({ kind: `completion ${job.program} ${kind}`, config, root: job.storeRoot, impure: false, offline: true, system: hostSystem(), env: io.env });
  const cache = new CompletionCache(cacheDir(io));
  const hit = cache.read(hash, key, process.env);
  if (hit !== undefined) return hit;
  const { runWithLargeStack } = await import("../large-stack.ts");
  const outcome = await runWithLargeStack<CompletionOutcome>(ENTRY, "completionJob", [job], { timeoutMs }).catch(() => undefined);
  if (outcome === undefined) return [];
  if (outcome.uncacheable === undefined) cache.write(hash, key, outcome.dependencies, outcome.lines);
  return outcome.lines;
}

/** The store root whose fetch cache a flake's inputs are looked up in: --root, or the user's for home-manager. */
async function storeRoot(program: Program, flags: ReadonlyMap<string, string>, io: Io): Promise<string> {
  if (program === "system-manager") return resolve(io.cwd, flags.get("root") ?? "/");
  const { defaultStoreRoot } = await import("../../home/home-store-root.ts");
  return defaultStoreRoot(io.env, io.env.HOME ?? "/");
}

/** The configuration `option` would read, given the line's flags: --flake, --config, else the default one, else none. */
async function chosenConfig(program: Program, flags: ReadonlyMap<string, string>, io: Io): Promise<{ flake?: string; config?: string }> {
  const { expandHome, DEFAULT_FLAKE } = await import("../default-flake.ts");
  const flake = flags.get("flake");
  const config = flags.get("config");
  if (flake !== undefined) return { flake: expandHome(flake, io) };
  if (config !== undefined) return { config: resolve(io.cwd, config) };
  if (program === "system-manager") {
    const dir = expandHome(DEFAULT_FLAKE, io);
    return existsSync(join(dir, "flake.nix")) ? { flake: dir } : {};
  }
  const file = join(io.env.HOME ?? "/", ".config/home-manager/home.config.ts");
  return existsSync(file) ? { config: file } : {};
}

export async function completionSources(program: Program, io: Io): Promise<CompletionSources> {
  const table = program === "system-manager" ? SYSTEM_COMMAND_FLAGS : HOME_COMMAND_FLAGS;
  return {
    commands: await commands(program),
    globalFlags: await globalFlags(program),
    settingNames: Object.keys((await import("../eval-settings.ts")).EVAL_SETTING_OPTIONS),
    leadingFlags: program === "system-manager" ? flagsOf({ options: (await import("../remote-args.ts")).REMOTE_FLAGS }) : [],
    flagsOf: async (command) => (Object.hasOwn(table, command) ? table[command]?.() : undefined),
    flakeNames: async (dir) => {
      const abs = resolve(io.cwd, (await import("../default-flake.ts")).expandHome(dir, io));
      if (!existsSync(join(abs, "flake.nix"))) return [];
      const root = await storeRoot(program, new Map(), io);
      return cached({ kind: "flake-names", program, dir: abs, env: io.env, cwd: io.cwd, storeRoot: root }, { flake: abs }, "flake-names", FLAKE_NAMES_TIMEOUT_MS, io);
    },
    optionPaths: async (prefix, flags) => {
      const { parent, partial } = splitOptionPrefix(prefix);
      const chosen = await chosenConfig(program, flags, io);
      const root = await storeRoot(program, flags, io);
      const { splitFlakeArg } = await import("../../flake/flake-ref.ts");
      const split = chosen.flake === undefined ? undefined : splitFlakeArg(chosen.flake);
      const config = split !== undefined ? { flake: resolve(io.cwd, split.dir), ...(split.fragment !== undefined ? { fragment: split.fragment } : {}) } : { file: chosen.config ?? "" };
      const job: CompletionJob = { kind: "option-paths", program, parent, flags: chosen, env: io.env, cwd: io.cwd, storeRoot: root };
      const lines = await cached(job, config, `option-paths ${JSON.stringify(parent)}`, OPTION_PATHS_TIMEOUT_MS, io);
      return lines.filter((l) => l.slice(parent.length).startsWith(partial));
    },
    inputNames: async (prefix, flags) => {
      const { flake } = await chosenConfig(program, flags, io);
      if (flake === undefined) return [];
      const { splitFlakeArg } = await import("../../flake/flake-ref.ts");
      const { flakeInputNames } = await import("./flake-input-names.ts");
      return flakeInputNames(resolve(io.cwd, splitFlakeArg(flake).dir), prefix);
    },
    generationNumbers: async (flags) => {
      const { generationNumbers } = await import("./generation-numbers.ts");
      if (program === "system-manager") return generationNumbers(await storeRoot(program, flags, io), (await import("../../activate/generations.ts")).SYSTEM_PROFILE);
      return generationNumbers(io.env.HOME ?? "/", (await import("../../activate/home/home-profile.ts")).HOME_PROFILE);
    },
  };
}
