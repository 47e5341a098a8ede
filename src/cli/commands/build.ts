/**
 * `system-manager build`: evaluate a configuration and write its generation
 * into the store under --root; the store path (as seen on this machine) is
 * the last line of stdout. An unchanged configuration is not evaluated
 * again: its generation comes from the evaluation cache
 * (src/build/eval-cache/), unless --no-eval-cache; else it is evaluated
 * where the CLI evaluates (../evaluate.ts). Without --flake or --config,
 * the flake in ~/.config/system-manager, as upstream (../default-flake.ts).
 */
import { join, resolve } from "node:path";
import type { Io } from "../io.ts";
import { parseCommandArgs } from "../parse-args.ts";
import { hostSystem } from "../host.ts";
import { DEFAULT_EVAL_SETTINGS, EVAL_SETTINGS_HELP, evalSettings, replayedWarning, takeSettingPairs, type EvalSettings } from "../eval-settings.ts";
import { checkRoot } from "../check-root.ts";
import type { ConfigArgs } from "../load-config.ts";
import { FLAKE_INPUT_HELP, takeOverrides } from "../flake-args.ts";
import { splitFlakeArg } from "../../flake/flake-ref.ts";
import { markStderrTty, stderrIsTty } from "../stderr-tty.ts";
import type { Invocation } from "../../build/eval-cache/invocation-key.ts";
import { EVAL_CACHE_DIR } from "../../build/eval-cache/cache-file.ts";
import { runRemotely } from "../remote-args.ts";
import { debugOf } from "../debug.ts";
import { CONFIG_OPTIONS } from "../config-options.ts";

const HELP = `Usage: system-manager build (--config FILE | --flake DIR[#NAME]) [--root DIR] [--impure] [--no-eval-cache] [--repair]
         [--option NAME VALUE]... [--abort-on-warn] [--max-call-depth N] [--show-trace]
         [--target-host [USER@]HOST[:PORT] [--ssh-option OPT]... [--sudo] [--store-path P]]

Evaluates the configuration and writes an immutable generation into the
store (ROOT/var/lib/system-manager/store). Prints the generation's path.
Without --config or --flake, the flake in ~/.config/system-manager.
A flake is evaluated purely: it reads only its own and its inputs' files;
--impure lets it read any path. A configuration whose files, locks and
inputs are unchanged is not evaluated again (the evaluation cache, in
ROOT/var/lib/system-manager/eval-cache); --no-eval-cache evaluates anyway.
Store paths already present are trusted; --repair evaluates, checks the
paths the generation needs against what they should hold and rewrites
damaged ones (as nix --repair).
With --target-host, builds as you into your staging store and copies the
generation's closure (only what HOST lacks; --store-path P: one built
already) into HOST's store, through sudo with --sudo; prints its path there.

${EVAL_SETTINGS_HELP}
${FLAKE_INPUT_HELP}`;

/** build's options (with the pairs takeOverrides and takeSettingPairs take out first); shell completion reads them too. */
export const BUILD_OPTIONS = {
  ...CONFIG_OPTIONS,
  "no-eval-cache": { type: "boolean" },
  repair: { type: "boolean" },
  root: { type: "string", default: "/" },
  help: { type: "boolean", short: "h" },
} as const;

export async function build(argv0: readonly string[], io: Io): Promise<number> {
  const argv = await runRemotely("build", argv0, io);
  if (typeof argv === "number") return argv;
  const { argv: rest0, overrides } = takeOverrides(argv, "build");
  const { argv: rest, options } = takeSettingPairs(rest0, "build");
  const { values } = parseCommandArgs("build", rest, BUILD_OPTIONS);
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const root = checkRoot(values.root as string, io.cwd);
  const settings = evalSettings(options, values, io.env, (w) => io.stderr(`warning: ${w}\n`));
  const { withDefaultFlake } = await import("../default-flake.ts");
  io.stdout(join(root, await buildConfig(withDefaultFlake({ ...values, overrideInput: overrides, settings }, io), root, io)) + "\n");
  return 0;
}

/** The options of build and switch that decide how a configuration is built. */
export interface BuildArgs extends ConfigArgs {
  readonly "no-eval-cache"?: boolean;
  /** --repair: evaluate, and rewrite the store paths the generation needs that are damaged (BuildOptions.repair). */
  readonly repair?: boolean;
  /** switch --dry-run: the cache may answer, but nothing is written to it (a dry run changes nothing). */
  readonly "dry-run"?: boolean;
  /** The Nix settings given (--option, --abort-on-warn, --max-call-depth …); Nix's defaults when absent. */
  readonly settings?: EvalSettings;
}

/** Builds the configuration named by --config/--flake, through the evaluation cache; returns the generation's store path. */
export async function buildConfig(values: BuildArgs, root: string, io: Io): Promise<string> {
  const { cachedBuild } = await import("../../build/eval-cache/cached-build.ts");
  const invocation = invocationOf(values, root, io);
  // A repair must build (the cache would answer without looking at the store paths' contents).
  const off = values["no-eval-cache"] === true || values.repair === true || invocation === undefined;
  // Inputs to resolve again are not looked up; a one-off override (and a lock not written) is not stored either.
  const resolving = (values["update-input"]?.length ?? 0) > 0 || values["recreate-lock-file"] === true || values.refresh === true;
  const oneOff = (values.overrideInput?.length ?? 0) > 0 || values["no-write-lock-file"] === true;
  const debug = debugOf(io);
  const request = { root, invocation: invocation as Invocation, lookup: !off && !resolving && !oneOff, store: !off && !oneOff && values["dry-run"] !== true, stderr: io.stderr, replayed: replayedWarning(values.settings ?? DEFAULT_EVAL_SETTINGS), ...(debug === undefined ? {} : { debug }) };
  const storePath = await cachedBuild(request, async (recorder, stderr) => {
    const teed: Io = { ...io, stderr };
    if (stderrIsTty(io)) markStderrTty(teed);
    const started = performance.now();
    // Nix's depth of nested calls needs a larger stack than the main thread's: a worker's, unless this thread has one.
    const built = await (await import("../evaluate.ts")).evaluate({ kind: "system", values, root }, teed, recorder);
    debug?.(`build: evaluated and built in ${Math.round(performance.now() - started)} ms: ${built}`);
    return built;
  });
  // A worker started ahead for an evaluation the cache answered is not needed.
  (await import("../large-stack.ts")).dropUnusedWorker();
  // What a killed build left is removed once this one has written (or found) its generation, so a build run again after a kill -9 converges.
  // The store is listed again only when it changed since a listing found no temporary (the stamp is the evaluation cache's: a dry run writes none).
  const { removeDeadTemporaries, removeDeadTemporariesSince } = await import("../../store/dead-temporaries.ts");
  if (values["dry-run"] === true) removeDeadTemporaries(root);
  else removeDeadTemporariesSince(root, join(root, EVAL_CACHE_DIR, "store-swept"));
  return storePath;
}

/** What the evaluation cache keys a build on; undefined without exactly one of --config and --flake (the build then says so). */
function invocationOf(values: BuildArgs, root: string, io: Io): Invocation | undefined {
  if ((values.config === undefined) === (values.flake === undefined)) return undefined;
  const { dir, fragment } = values.flake !== undefined ? splitFlakeArg(String(values.flake)) : { dir: "", fragment: undefined };
  return {
    kind: "system",
    config: values.flake !== undefined ? { flake: resolve(io.cwd, dir), ...(fragment !== undefined ? { fragment } : {}) } : { file: resolve(io.cwd, String(values.config)) },
    root,
    impure: values.impure === true,
    offline: values.offline === true,
    system: hostSystem(),
    env: io.env,
  };
}

/** Where a configuration's system-manager.lock lives: beside the --config file, or in the --flake directory. */
export async function lockPathOf(values: { config?: string | boolean; flake?: string | boolean }, io: Io): Promise<string> {
  const { lockPathFor } = await import("../../packages/lock.ts");
  if (values.config !== undefined) return lockPathFor(resolve(io.cwd, String(values.config)));
  const { splitFlakeArg } = await import("../../flake/flake-ref.ts");
  return lockPathFor(resolve(io.cwd, splitFlakeArg(String(values.flake)).dir), true);
}
