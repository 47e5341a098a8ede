/**
 * `home-manager build` and `switch`'s build: evaluates the user's home
 * configuration (--config FILE.ts or --flake DIR[#NAME]) and writes its
 * generation into the user's store, through the evaluation cache
 * (src/build/eval-cache/): an unchanged configuration is not evaluated
 * again. The cache keys on a home invocation (kind "home", the user and
 * their home), so a system's entry never answers it, and keeps its entries
 * beside the user's store (STORE_ROOT/var/lib/system-manager/eval-cache,
 * under the user's state directory), used only when the user owns them.
 * --no-eval-cache evaluates anyway; --repair evaluates and rewrites the
 * store paths the generation needs that are damaged (as nix --repair).
 */
import { join, resolve } from "node:path";
import { evalSettings, replayedWarning, takeSettingPairs, type EvalSettings } from "../eval-settings.ts";
import type { Invocation } from "../../build/eval-cache/invocation-key.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import type { Io } from "../io.ts";
import { parseCommandArgs } from "../parse-args.ts";
import { hostSystem } from "../host.ts";
import { takeOverrides } from "../flake-args.ts";
import { splitFlakeArg } from "../../flake/flake-ref.ts";
import { markStderrTty, stderrIsTty } from "../stderr-tty.ts";
import { CONFIG_OPTIONS } from "../config-options.ts";
import { debugOf } from "../debug.ts";
import { backupExtension } from "../../home/backup-extension.ts";

/** Who runs the command: their io, home directory and user name. */
export interface HomeCtx {
  readonly io: Io;
  readonly home: string;
  readonly user: string;
}

export interface HomeBuild {
  /** The generation's store path (as its store directory names it). */
  readonly generation: string;
  /** Where the user's store is (its store directory is below it). */
  readonly storeRoot: string;
  /** -b EXT (or HOME_MANAGER_BACKUP_EXT): where files in the way are moved. */
  readonly backup: string | null;
}

/** home-manager build's and switch's options (shell completion reads them too). */
export const HOME_BUILD_OPTIONS = {
  ...CONFIG_OPTIONS,
  "no-eval-cache": { type: "boolean" },
  repair: { type: "boolean" },
  backup: { type: "string", short: "b" },
} as const;

export interface HomeArgs {
  readonly config?: string;
  readonly flake?: string;
  readonly impure?: boolean;
  readonly offline?: boolean;
  readonly "no-eval-cache"?: boolean;
  readonly repair?: boolean;
  readonly "update-input"?: readonly string[];
  readonly "recreate-lock-file"?: boolean;
  readonly refresh?: boolean;
  readonly "no-write-lock-file"?: boolean;
  readonly overrideInput: readonly (readonly [string, string])[];
  /** The Nix settings given (--option, --abort-on-warn, --max-call-depth …); Nix's defaults when absent. */
  readonly settings?: EvalSettings;
}

export async function homeStoreRoot(ctx: HomeCtx): Promise<string> {
  const { defaultStoreRoot } = await import("../../home/home-store-root.ts");
  return defaultStoreRoot(ctx.io.env, ctx.home);
}

/** The --config file: given, or ~/.config/home-manager/home.config.ts. */
export function configFile(ctx: HomeCtx, config: string | undefined): string {
  return resolve(ctx.io.cwd, config ?? join(ctx.home, ".config/home-manager/home.config.ts"));
}

/** Builds the home `argv` names (through the evaluation cache; evaluated in a worker with a large stack when bundled, evaluate-in-worker.ts). */
export async function buildHome(ctx: HomeCtx, command: "build" | "switch", argv: readonly string[]): Promise<HomeBuild> {
  const { argv: rest0, overrides } = takeOverrides(argv, command, "home-manager");
  const { argv: rest, options } = takeSettingPairs(rest0, command, "home-manager");
  const { values: v } = parseCommandArgs(command, rest, HOME_BUILD_OPTIONS, 0, "home-manager");
  const settings = evalSettings(options, v, ctx.io.env, (w) => ctx.io.stderr(`warning: ${w}\n`));
  const values: HomeArgs = { ...(v as Omit<HomeArgs, "overrideInput" | "settings">), overrideInput: overrides, settings };
  if (values.flake !== undefined && values.config !== undefined) throw new UserError("Supply either --config FILE or --flake DIR[#NAME], not both.");
  const storeRoot = await homeStoreRoot(ctx);
  const { cachedBuild } = await import("../../build/eval-cache/cached-build.ts");
  const { evaluate } = await import("../evaluate.ts");
  // A repair must build (the cache would answer without looking at the store paths' contents).
  const off = values["no-eval-cache"] === true || values.repair === true;
  // Inputs to resolve again are not looked up; a one-off override (and a lock not written) is not stored either.
  const resolving = (values["update-input"]?.length ?? 0) > 0 || values["recreate-lock-file"] === true || values.refresh === true;
  const oneOff = values.overrideInput.length > 0 || values["no-write-lock-file"] === true;
  const debug = debugOf(ctx.io);
  const started = performance.now();
  const generation = await cachedBuild(
    { root: storeRoot, invocation: invocationOf(ctx, values, storeRoot), lookup: !off && !resolving && !oneOff, store: !off && !oneOff, stderr: ctx.io.stderr, replayed: replayedWarning(settings), ...(debug === undefined ? {} : { debug }) },
    (recorder, stderr) => {
      const io = { ...ctx.io, stderr };
      if (stderrIsTty(ctx.io)) markStderrTty(io);
      return evaluate({ kind: "home", values, storeRoot, home: ctx.home, user: ctx.user }, io, recorder);
    },
  );
  // A worker started ahead for an evaluation the cache answered is not needed.
  (await import("../large-stack.ts")).dropUnusedWorker();
  debug?.(`build: evaluated and built in ${Math.round(performance.now() - started)} ms: ${join(storeRoot, generation)}`);
  const { unreachableProfileNote } = await import("../../home/home-packages.ts");
  const note = unreachableProfileNote(storeRoot, generation);
  if (note !== undefined) ctx.io.stderr(`warning: ${note}\n`);
  return { generation, storeRoot, backup: backupExtension(v.backup ?? ctx.io.env.HOME_MANAGER_BACKUP_EXT, v.backup !== undefined ? "the backup extension (-b)" : "HOME_MANAGER_BACKUP_EXT") };
}

/** What the evaluation cache keys a home build on. */
function invocationOf(ctx: HomeCtx, values: HomeArgs, storeRoot: string): Invocation {
  let config: Invocation["config"] = { file: configFile(ctx, values.config) };
  if (values.flake !== undefined) {
    const { dir, fragment } = splitFlakeArg(values.flake);
    config = { flake: resolve(ctx.io.cwd, dir), ...(fragment !== undefined ? { fragment } : {}) };
  }
  return {
    kind: "home",
    home: { user: ctx.user, dir: ctx.home },
    config,
    root: storeRoot,
    impure: values.impure === true,
    offline: values.offline === true,
    system: hostSystem(),
    env: ctx.io.env,
  };
}
