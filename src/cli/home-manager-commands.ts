/**
 * The home-manager command line (standalone mode, run by the user without
 * root): switch, build, generations, rollback, remove-generations. The
 * store is under the user's state directory; generations are
 * ~/.local/state/nix/profiles/home-manager-N-link. `home.packages` are
 * realised into the user's store (home-package-session.ts); build and
 * switch go through the evaluation cache (home-manager/home-build.ts) and
 * evaluate in a worker (evaluate.ts), so that these commands hold none of
 * the evaluator: dist/activation-cli.cjs runs them (activation-bundle.ts);
 * home-manager-main.ts is the whole CLI's entry to them. One error
 * handler, as system-manager's.
 */
import { lstatSync, statSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { userInfo } from "node:os";
import { UserError, UserErrors } from "../diagnostics/user-error.ts";
import { systemError } from "../diagnostics/system-error.ts";
import { processIo, type Io } from "./io.ts";
import { parseCommandArgs } from "./parse-args.ts";
import { EVAL_SETTINGS_HELP } from "./eval-settings.ts";
import { buildHome, homeStoreRoot, type HomeCtx as Ctx } from "./home-manager/home-build.ts";
import { parseHomeGlobalFlags, verboseIo } from "./home-manager/home-global-flags.ts";
import { debugOf } from "./debug.ts";

export const HOME_MANAGER_HELP = `Usage: home-manager <command> [options]

Manages your home environment (dotfiles, packages, programs) without root.

Commands:
  switch [--config FILE | --flake DIR[#NAME] [--impure]] [-b EXT] [--no-eval-cache] [--repair]
                                    Build and activate a home configuration
  build [--config FILE | --flake …] Build it; print the generation's path
  generations                       List home generations
  rollback                          Activate the previous generation
  option [PATH] [--json]            Show an option: value, default, type, description,
                                    where declared and defined; a set: its names;
                                    --recursive: every value at or below PATH
  options [--json]                  Every option's name; --json: options.json
  docs [--out DIR]                  Write the manual: a searchable HTML options
                                    reference and the guides (./home-manager-manual)
  remove-generations ID…            Remove generations (not the current one)
  completion bash|zsh               Print the shell's completion script
                                    (source <(home-manager completion bash))
  help                              Show this help

Options (before or after the command):
  -v, --verbose                     Verbose output: the build's steps (debug lines on
                                    stderr), and the activation's (VERBOSE=1)

--config defaults to ~/.config/home-manager/home.config.ts; --flake takes
homeConfigurations.<NAME> (default "$USER@$HOSTNAME", then "$USER"). -b EXT moves
files in the way to <file>.EXT instead of failing. --impure lets a flake read
paths outside its own and its inputs' trees. With --flake: --override-input
NAME URL, --update-input NAME, --offline, --refresh, --no-write-lock-file,
--recreate-lock-file, as Nix's. An unchanged configuration is not evaluated
again (the evaluation cache, beside your store); --no-eval-cache evaluates
anyway. Store paths already present are trusted; --repair evaluates and
rewrites those the generation needs that are damaged (as nix --repair).

${EVAL_SETTINGS_HELP}`;

/** The commands that evaluate without building (option, options; completion's callbacks): the whole CLI gives them (home-manager-main.ts). */
export const EVALUATING_COMMANDS: readonly string[] = ["option", "options", "docs", "completion"];

/** Every command (shell completion offers them). */
export const HOME_MANAGER_COMMANDS: readonly string[] = ["switch", "build", "generations", "rollback", "remove-generations", ...EVALUATING_COMMANDS];
const evaluating = new Map<string, (ctx: Ctx, argv: readonly string[]) => Promise<number>>();

export function addEvaluatingCommand(name: string, run: (ctx: Ctx, argv: readonly string[]) => Promise<number>): void {
  evaluating.set(name, run);
}

async function activate(ctx: Ctx, storeRoot: string, generation: string, backup: string | null, number?: number): Promise<void> {
  const { activateHome } = await import("../activate/home/activate-home.ts");
  const { runShell } = await import("../activate/home/home-steps.ts");
  const { storeViewRunner } = await import("../activate/home/store-view.ts");
  const { STORE_DIR } = await import("../store/store-path.ts");
  const { activateRootedHome } = await import("../activate/home/rooted-home.ts");
  const { RootFs } = await import("../activate/root-fs.ts");
  ctx.io.stderr("Starting Home Manager activation\n");
  const print = (l: string) => ctx.io.stderr(l + "\n");
  // Links of files a change left alone stay in the older generation they point into, rooted in the user's store meanwhile (home-roots.ts).
  const uid = process.getuid?.() ?? 0;
  const verbose = debugOf(ctx.io) !== undefined;
  const request = { user: ctx.user, uid, gid: process.getgid?.() ?? 0, homeDirectory: ctx.home, generation, backupExtension: backup, verbose, engine: null };
  const inProcess = {
    run: async (req: { readonly keepFrom?: readonly string[] }, log: (line: string) => void) => {
      activateHome({
        storeDir: join(storeRoot, STORE_DIR),
        homeDir: ctx.home,
        generation,
        backupExtension: backup,
        linkPrefix: storeRoot,
        generationNumber: number,
        uid: process.getuid?.(),
        // home-manager's scripts read $USER under `set -u`: a run without one (env -i, cron) gives them the user, as a login would.
        env: { ...ctx.io.env, USER: ctx.user, LOGNAME: ctx.io.env.LOGNAME ?? ctx.user },
        log,
        runShell: storeRoot === "/" ? runShell : storeViewRunner(join(storeRoot, STORE_DIR), STORE_DIR, runShell, log),
        keepFrom: req.keepFrom ?? [],
        verbose,
      });
      return 0;
    },
  };
  await activateRootedHome(new RootFs(storeRoot), inProcess, request, print);
}

async function generations(ctx: Ctx) {
  const { RootFs } = await import("../activate/root-fs.ts");
  const { listGenerations } = await import("../activate/generations.ts");
  const { HOME_PROFILE } = await import("../activate/home/activate-home.ts");
  const fs = new RootFs(ctx.home);
  return { fs, list: listGenerations(fs, (p) => lstatSync(fs.hostPath(p)).mtimeMs, HOME_PROFILE), profile: HOME_PROFILE };
}

async function run(command: string, rest: readonly string[], ctx: Ctx): Promise<number> {
  switch (command) {
    case "build": {
      const b = await buildHome(ctx, "build", rest);
      ctx.io.stdout(join(b.storeRoot, b.generation) + "\n");
      return 0;
    }
    case "switch": {
      const b = await buildHome(ctx, "switch", rest);
      await activate(ctx, b.storeRoot, b.generation, b.backup);
      // What this switch built: the next one, answered by the evaluation cache, need not look its closure up.
      (await import("../build/eval-cache/cached-build.ts")).noteBuiltClosures();
      return 0;
    }
    case "generations": {
      parseCommandArgs("generations", rest, {}, 0, "home-manager");
      for (const g of (await generations(ctx)).list.reverse()) {
        const date = new Date(g.date).toISOString().replace("T", " ").slice(0, 16);
        ctx.io.stdout(`${date} : id ${g.number} -> ${g.storePath}${g.current ? " (current)" : ""}\n`);
      }
      return 0;
    }
    case "rollback": {
      parseCommandArgs("rollback", rest, {}, 0, "home-manager");
      const { list } = await generations(ctx);
      const { previousGeneration } = await import("../activate/generations.ts");
      const prev = previousGeneration(list);
      if (prev === undefined) throw new UserError("Cannot roll back: there is no generation before the current one");
      const storeRoot = await homeStoreRoot(ctx);
      await activate(ctx, storeRoot, prev.storePath.slice(storeRoot.length), null, prev.number);
      return 0;
    }
    case "remove-generations": {
      const { positionals } = parseCommandArgs("remove-generations", rest, {}, 1000, "home-manager");
      const { fs, list, profile } = await generations(ctx);
      const { generationLink } = await import("../activate/generations.ts");
      // Every id is checked before the first is removed: a bad one among them removes none.
      const problems: UserError[] = [];
      const chosen = new Map<number, string>();
      for (const id of positionals) {
        const g = list.find((x) => String(x.number) === id);
        if (g === undefined) problems.push(new UserError(`Cannot remove generation ${id}: there is no such generation`));
        else if (g.current) problems.push(new UserError(`Cannot remove generation ${id}: it is the current generation`));
        else chosen.set(g.number, id);
      }
      if (problems.length > 0) throw problems.length === 1 ? problems[0] : new UserErrors(problems);
      for (const [number, id] of chosen) {
        unlinkSync(fs.hostPath(generationLink(profile, number)));
        ctx.io.stderr(`Removed generation ${id}\n`);
      }
      return 0;
    }
    default: {
      const other = evaluating.get(command);
      if (other !== undefined) return other(ctx, rest);
      throw new UserError(`Cannot run 'home-manager ${command}': there is no such command. Commands: ${HOME_MANAGER_COMMANDS.join(", ")}`);
    }
  }
}

/** Why HOME cannot hold a home (something else is there, or a path through a file, or a loop of links); undefined when it is a directory or nothing yet (made as home-manager makes it). */
function homeProblem(home: string): string | undefined {
  try {
    return statSync(home).isDirectory() ? undefined : "it is not a directory";
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? undefined : (systemError(e) ?? (e as Error).message);
  }
}

export async function main(argv0: readonly string[], io0: Io = processIo): Promise<number> {
  const g = parseHomeGlobalFlags(argv0);
  const io = g.verbose ? verboseIo(io0) : io0;
  const [command, ...rest] = g.argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    io.stdout(HOME_MANAGER_HELP);
    return command === undefined ? 1 : 0;
  }
  try {
    const home = io.env.HOME;
    if (home === undefined || !home.startsWith("/")) throw new UserError("Cannot find your home directory: HOME is not set to an absolute path");
    const problem = homeProblem(home);
    if (problem !== undefined) throw new UserError(`Cannot use your home directory ${home} (HOME): ${problem}`);
    return await run(command, rest, { io, home, user: io.env.USER ?? userInfo().username });
  } catch (e) {
    const { handleCliError } = await import("./render-error.ts");
    return handleCliError(e, io.stderr);
  }
}
