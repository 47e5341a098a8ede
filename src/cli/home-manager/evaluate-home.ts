/**
 * A home build's evaluation (what the worker, or a thread with a large
 * stack of its own, runs for home-build.ts when the evaluation cache does
 * not answer): the user's --flake or --config evaluated, its generation
 * written into the user's store, and what it read told to the recorder.
 * Apart from home-build.ts so that the home-manager commands a no-op
 * switch runs (dist/activation-cli.cjs) hold none of the evaluator.
 */
import { hostname } from "node:os";
import { resolve } from "node:path";
import type { Lazy, NixAttrs } from "../../nix/value.ts";
import { DEFAULT_EVAL_SETTINGS, warningChannel } from "../eval-settings.ts";
import type { EvalStore } from "../../nix/eval-store.ts";
import type { FileTree } from "../../store/file-tree.ts";
import type { PathAccess } from "../../nix/path-access.ts";
import type { EvalRecorder } from "../../build/eval-cache/eval-recorder.ts";
import { hostSystem } from "../host.ts";
import { flakeLockOptions } from "../flake-args.ts";
import { splitFlakeArg } from "../../flake/flake-ref.ts";
import { configFile, type HomeArgs, type HomeCtx } from "./home-build.ts";
import { debugOf } from "../debug.ts";

/** Evaluates and builds the home, telling `recorder` what it depended on; the generation's store path. */
export async function evaluateAndBuildHome(ctx: HomeCtx, values: HomeArgs, storeRoot: string, recorder: EvalRecorder | undefined): Promise<string> {
  const { recordAfter, recordBefore, recordedSources } = await import("../../build/eval-cache/config-dependencies.ts");
  const flakeDir = values.flake !== undefined ? resolve(ctx.io.cwd, splitFlakeArg(values.flake).dir) : undefined;
  if (recorder !== undefined) recordBefore(recorder, flakeDir, values.offline === true ? (await import("../../flake/fetch/fetch-context.ts")).defaultCacheDir(storeRoot) : undefined);
  const source = values.flake !== undefined ? { flake: values.flake } : { config: configFile(ctx, values.config) };
  // Evaluation warnings (the Nix lib's, the module system's, the home's `warnings`) go through one channel, fatal under abort-on-warn.
  const warn = warningChannel(values.settings ?? DEFAULT_EVAL_SETTINGS, ctx.io.stderr);
  (await import("../../module-system/warnings.ts")).registerWarningChannel(warn);
  (await import("../../module-system/unknown-option.ts")).registerOptionCommand("home-manager option");
  const debug = debugOf(ctx.io);
  const loading = performance.now();
  const { homePackageSession } = await import("../home-package-session.ts");
  const packages = await homePackageSession(ctx.io, source, storeRoot, values.offline === true);
  let modules: readonly Lazy[];
  let specialArgs: Readonly<Record<string, Lazy>> = {};
  let storeCopies: readonly { readonly name: string; readonly tree: FileTree }[] = [];
  let access: PathAccess | undefined;
  let realConfig: NixAttrs | undefined;
  let realPkgs: Lazy | undefined;
  let store: EvalStore | undefined;
  let userErrors: ((e: unknown) => unknown) | undefined;
  let files: readonly string[] | undefined;
  if (values.flake !== undefined) {
    const { loadFlakeHome } = await import("../../flake/flake-home.ts");
    const { flakeSettings } = await import("../load-config.ts");
    const lock = await flakeLockOptions(values, ctx.io, storeRoot);
    const parseCache = (await import("../parse-cache-of.ts")).parseCacheOf(ctx.io);
    ({ modules, specialArgs, storeCopies, access, realConfig, realPkgs, store } = await loadFlakeHome(values.flake, { cwd: ctx.io.cwd, user: ctx.user, hostname: hostname(), warn: (w) => ctx.io.stderr(`warning: ${w}\n`), impure: values.impure === true, lock, packages, parseCache, ...(await flakeSettings(values.settings, ctx.io)) }));
  } else {
    const { loadConfig } = await import("../load-config.ts");
    ({ modules, userErrors, files } = await loadConfig({ config: configFile(ctx, values.config) }, ctx.io));
  }
  debug?.(`build: loaded the configuration (${"flake" in source ? `flake ${source.flake}` : source.config}) in ${Math.round(performance.now() - loading)} ms`);
  const { buildStandaloneHome } = await import("../../home/standalone-home.ts");
  const { withUserErrors } = await import("../load-config.ts");
  const { readSourceFromDisk } = await import("../../build/read-source.ts");
  const { checkedSourceReader } = await import("../../flake/source-access.ts");
  const generation = await withUserErrors({ modules, specialArgs, storeCopies, userErrors }, () => buildStandaloneHome(modules, {
    specialArgs,
    storeCopies,
    realConfig,
    realPkgs,
    store,
    user: ctx.user,
    home: ctx.home,
    system: hostSystem(),
    storeRoot,
    readSource: recordedSources(checkedSourceReader(readSourceFromDisk, access), access, recorder),
    warn,
    packages,
    repair: values.repair === true,
    ...(debug === undefined ? {} : { debug }),
  }));
  packages?.saveLock({ prune: true });
  if (recorder !== undefined) {
    const { lockPathOf } = await import("../commands/build.ts");
    recordAfter(recorder, { ...(flakeDir !== undefined ? { flakeDir } : {}), packageLock: await lockPathOf(source, ctx.io), ...(files !== undefined ? { files } : {}) });
  }
  return generation;
}

