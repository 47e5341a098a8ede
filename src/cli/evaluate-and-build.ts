/**
 * A system's evaluation and build, as a worker (or a thread with a large
 * stack of its own) runs it (evaluate-here.ts): loads the configuration,
 * evaluates its modules and writes the generation into the store under
 * the root, with its packages realised (unless SYSTEM_MANAGER_PACKAGES=off).
 */
import { resolve } from "node:path";
import type { Io } from "./io.ts";
import type { EvalRecorder } from "../build/eval-cache/eval-recorder.ts";
import { hostSystem } from "./host.ts";
import { DEFAULT_EVAL_SETTINGS, warningChannel } from "./eval-settings.ts";
import { splitFlakeArg } from "../flake/flake-ref.ts";
import { stderrIsTty } from "./stderr-tty.ts";
import { lockPathOf, type BuildArgs } from "./commands/build.ts";
import { debugOf } from "./debug.ts";

/** Evaluates and builds the configuration, telling `recorder` what it depended on; returns the generation's store path. */
export async function evaluateAndBuild(values: BuildArgs, root: string, io: Io, recorder: EvalRecorder | undefined): Promise<string> {
  const { recordAfter, recordBefore, recordedSources } = await import("../build/eval-cache/config-dependencies.ts");
  const { loadConfig, withUserErrors } = await import("./load-config.ts");
  const flakeDir = values.flake !== undefined ? resolve(io.cwd, splitFlakeArg(String(values.flake)).dir) : undefined;
  if (recorder !== undefined) recordBefore(recorder, flakeDir, values.offline === true ? (await import("../flake/fetch/fetch-context.ts")).defaultCacheDir(root) : undefined);
  const settings = values.settings ?? DEFAULT_EVAL_SETTINGS;
  // Evaluation warnings (the Nix lib's, the module system's, a configuration's `warnings`) go through one channel, fatal under abort-on-warn.
  const warn = warningChannel(settings, io.stderr);
  (await import("../module-system/warnings.ts")).registerWarningChannel(warn);
  (await import("../module-system/unknown-option.ts")).registerOptionCommand("system-manager option");
  const debug = debugOf(io);
  const loading = performance.now();
  const config = await loadConfig(values, io, root);
  debug?.(`build: loaded the configuration (${values.flake !== undefined ? `flake ${String(values.flake)}` : String(values.config)}) in ${Math.round(performance.now() - loading)} ms`);
  const { modules, specialArgs, storeCopies, access, store, pkgsFor } = config;
  const { buildGeneration } = await import("../build/build-generation.ts");
  const packages = await packageSession(values, root, io);
  const { readSourceFromDisk } = await import("../build/read-source.ts");
  const { checkedSourceReader } = await import("../flake/source-access.ts");
  const engine = (await import("./engine-source.ts")).engineSource(io);
  const result = await withUserErrors(config, () => buildGeneration(modules, {
    root,
    hostSystem: hostSystem(),
    readSource: recordedSources(checkedSourceReader(readSourceFromDisk, access), access, recorder),
    warn,
    specialArgs,
    storeCopies,
    store,
    packages,
    engine,
    pkgsFor,
    repair: values.repair === true,
    ...(debug === undefined ? {} : { debug }),
  }));
  if (recorder !== undefined) recordAfter(recorder, { ...(flakeDir !== undefined ? { flakeDir } : {}), packageLock: await lockPathOf(values, io), ...(config.files !== undefined ? { files: config.files } : {}) });
  return result.storePath;
}

/**
 * The package session of a build: packages are resolved with the lock
 * beside the configuration (system-manager.lock) and realised into the
 * store. SYSTEM_MANAGER_PACKAGES=off records packages without realising
 * them (tests that must not reach the archive).
 */
async function packageSession(values: { config?: string | boolean; flake?: string | boolean; offline?: boolean }, root: string, io: Io) {
  if (io.env.SYSTEM_MANAGER_PACKAGES === "off") return undefined;
  const { PackageSession } = await import("../packages/package-session.ts");
  const { progressFor } = await import("../packages/progress.ts");
  const debug = debugOf(io);
  return new PackageSession({ root, lockPath: await lockPathOf(values, io), progress: progressFor(io.stderr, stderrIsTty(io)), offline: values.offline === true, ...(debug === undefined ? {} : { debug }) });
}
