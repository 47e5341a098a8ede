/**
 * The completions that need an evaluation, as a worker with a large stack
 * runs them (completion-sources.ts starts it, with a deadline): the
 * configurations' names of a flake (its systemConfigs or
 * homeConfigurations, read without building anything), or the option
 * paths one level below a prefix, in the configuration `option` would
 * read. Nothing is written and nothing fetched: flakes are loaded offline
 * without writing flake.lock; what is printed is dropped. The answer
 * carries what the evaluation read, for the completion cache.
 */
import { userInfo } from "node:os";
import { join, resolve } from "node:path";
import type { Io } from "../io.ts";
import type { Dependency } from "../../build/eval-cache/dependency.ts";
import { force, NixAttrs } from "../../nix/value.ts";

export type Program = "system-manager" | "home-manager";

export type CompletionJob = {
  readonly program: Program;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** The store root flake inputs are looked up under (their fetch cache). */
  readonly storeRoot: string;
} & ({ readonly kind: "flake-names"; readonly dir: string } | { readonly kind: "option-paths"; readonly parent: string; readonly flags: Readonly<Record<string, string>> });

export interface CompletionOutcome {
  readonly lines: readonly string[];
  readonly dependencies: readonly Dependency[];
  /** Why the answer may not be cached (it failed, or read what is not recorded). */
  readonly uncacheable?: string;
}

const silent = (job: CompletionJob): Io => ({ stdout: () => undefined, stderr: () => undefined, env: job.env, cwd: job.cwd });

/** Offline, and flake.lock left as it is. */
const LOAD = { offline: true, "no-write-lock-file": true } as const;

async function flakeNames(job: CompletionJob & { kind: "flake-names" }): Promise<string[]> {
  const { flakeEvaluation } = await import("../../flake/flake-system.ts");
  const { loadLockedFlake } = await import("../../flake/locked-flake.ts");
  const { flakeLockOptions } = await import("../flake-args.ts");
  const io = silent(job);
  const { ctx } = flakeEvaluation({ warn: () => undefined });
  const { outputs } = await loadLockedFlake(resolve(job.cwd, job.dir), ctx, await flakeLockOptions(LOAD, io, job.storeRoot));
  const set = outputs.has(attrOf(job.program)) ? force(outputs.lazy(attrOf(job.program)) as NonNullable<ReturnType<NixAttrs["lazy"]>>) : undefined;
  return set instanceof NixAttrs ? set.keys() : [];
}

const attrOf = (program: Program) => (program === "system-manager" ? "systemConfigs" : "homeConfigurations");

async function optionPaths(job: CompletionJob & { kind: "option-paths" }): Promise<string[]> {
  const io = silent(job);
  const { flake, config } = job.flags;
  const values = { ...LOAD, ...(flake !== undefined ? { flake } : {}), ...(config !== undefined ? { config } : {}) };
  const sources = await import("../commands/option-sources.ts");
  const source =
    job.program === "system-manager"
      ? await sources.systemOptionSource(values, io, job.storeRoot)
      : await sources.homeOptionSource({ io, home: job.env.HOME ?? "/", user: job.env.USER ?? userInfo().username }, { ...values, overrideInput: [] });
  const { optionPathsBelow } = await import("./option-paths.ts");
  return optionPathsBelow(source.options, job.parent);
}

export async function completionJob(job: CompletionJob): Promise<CompletionOutcome> {
  const { EvalRecorder } = await import("../../build/eval-cache/eval-recorder.ts");
  const { recordAfter, recordBefore } = await import("../../build/eval-cache/config-dependencies.ts");
  const { defaultCacheDir } = await import("../../flake/fetch/fetch-context.ts");
  const recorder = new EvalRecorder({ root: job.storeRoot, impure: false });
  const flakeDir = job.kind === "flake-names" ? job.dir : job.flags.flake?.replace(/#.*$/, "");
  const absFlake = flakeDir === undefined ? undefined : resolve(job.cwd, flakeDir);
  recordBefore(recorder, absFlake, defaultCacheDir(job.storeRoot));
  recorder.start();
  try {
    const lines = job.kind === "flake-names" ? await flakeNames(job) : await optionPaths(job);
    recorder.stop();
    if (absFlake !== undefined) recordAfter(recorder, { flakeDir: absFlake, packageLock: join(absFlake, "system-manager.lock") });
    const typescript = job.kind === "option-paths" && job.flags.config !== undefined ? "a TypeScript configuration's imports are not recorded" : undefined;
    return { lines, dependencies: recorder.dependencies, ...(typescript !== undefined ? { uncacheable: typescript } : {}) };
  } catch (e) {
    return { lines: [], dependencies: [], uncacheable: `it failed: ${(e as Error).message}` };
  } finally {
    recorder.stop();
  }
}
