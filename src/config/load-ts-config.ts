/**
 * Loads a TypeScript configuration without a build step: type-check it
 * (skipped while its files and the public types are unchanged), bundle it
 * with esbuild into the cache (reused while its files are unchanged),
 * import the bundle, and turn each module of its default export into a
 * module of the module system that names the file it was written in.
 *
 * Order: the type check runs first, so a config with a type error never
 * runs (its getters could do anything). An exception the configuration's
 * code throws, at import or later while it is evaluated (`userErrors`),
 * is a user error at the line that threw.
 */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { version as esbuildVersion } from "esbuild";
import type { Lazy } from "../nix/value.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { bundleConfig } from "./bundle-config.ts";
import { ConfigCache, isFresh, stamp, type CacheRecord } from "./config-cache.ts";
import { configModules } from "./config-modules.ts";
import { installRuntime } from "./runtime-module.ts";
import { userCodeErrors } from "./user-code-errors.ts";
import { TYPE_CHECK_SALT, typeCheckConfig } from "./type-check-config.ts";
import { systemError } from "../diagnostics/system-error.ts";

export interface LoadTsConfigOptions {
  /** The CLI's cache directory; the loader keeps its files under `ts-config/` in it. */
  readonly cacheDir: string;
}

export interface LoadedTsConfig {
  /** The configuration's modules, ready for evalModules. */
  readonly modules: Lazy[];
  /** Absolute paths of every file the configuration is made of (entry first). */
  readonly files: string[];
  /** Which steps were skipped because their cached result still held. */
  readonly cached: { readonly typeCheck: boolean; readonly bundle: boolean };
  /** Turns an exception the configuration's code threw into a UserError at its line; anything else is returned as it is. */
  readonly userErrors: (e: unknown) => unknown;
}

/** Bumped when the bundle's shape changes (the positions transform, import.meta, the runtime module). */
const BUNDLE_FORMAT = 4;

/** Why `entry` is no file to load: missing, a directory (a flake's, perhaps), a loop of links…; undefined when it is a regular file. */
function entryProblem(entry: string): string | undefined {
  try {
    const st = statSync(entry);
    if (st.isFile()) return undefined;
    return st.isDirectory() ? "it is a directory (give its .ts file, or --flake for a flake's directory)" : "it is not a regular file";
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (systemError(e) ?? (e as Error).message);
  }
}

/**
 * Loads the configuration file `file` (a path, resolved against the
 * current directory).
 *
 * @example
 * const { modules } = await loadTsConfig("system.config.ts", { cacheDir: "/home/alice/.cache/system-manager" });
 */
export async function loadTsConfig(file: string, opts: LoadTsConfigOptions): Promise<LoadedTsConfig> {
  const entry = resolve(file);
  const problem = entryProblem(entry);
  if (problem !== undefined) throw new UserError(`Cannot load the configuration '${entry}': ${problem}`);
  const cache = new ConfigCache(opts.cacheDir, entry);
  let record: CacheRecord = cache.read(entry);

  const typeCheckCached = isFresh(record.typeCheck, TYPE_CHECK_SALT);
  if (!typeCheckCached) {
    record = { ...record, typeCheck: stamp(typeCheckConfig(entry), TYPE_CHECK_SALT) };
    cache.write(record);
  }

  const runtimeNames = installRuntime();
  const salt = `esbuild ${esbuildVersion} format ${BUNDLE_FORMAT} exports ${runtimeNames.join(",")}`;
  let bundleStamp = record.bundle;
  const bundleCached = bundleStamp !== undefined && isFresh(bundleStamp, salt) && existsSync(cache.bundleFile(bundleStamp.hash));
  if (!bundleCached || bundleStamp === undefined) {
    const bundle = await bundleConfig(entry, runtimeNames);
    const previous = record.bundle?.hash;
    bundleStamp = stamp([entry, ...bundle.inputs.filter((f) => f !== entry)], salt);
    cache.writeBundle(bundleStamp.hash, bundle.code);
    record = { ...record, bundle: bundleStamp };
    cache.write(record);
    if (previous !== undefined && previous !== bundleStamp.hash) cache.removeBundle(previous);
  }

  const bundleFile = cache.bundleFile(bundleStamp.hash);
  const exported = await importBundle(entry, bundleFile);
  const userErrors = userCodeErrors(entry, bundleFile);
  return {
    modules: configModules(entry, exported, userErrors),
    files: [...bundleStamp.files],
    cached: { typeCheck: typeCheckCached, bundle: bundleCached },
    userErrors,
  };
}

/** Imports the bundle and returns its default export; an exception it throws names the configuration and its line. */
async function importBundle(entry: string, bundleFile: string): Promise<unknown> {
  try {
    return ((await import(pathToFileURL(bundleFile).href)) as { default?: unknown }).default;
  } catch (e) {
    if (e instanceof UserError) throw e.withContext(`while loading the configuration '${entry}'`);
    const translated = userCodeErrors(entry, bundleFile, (file) => `Cannot load the configuration '${file}': it`)(e);
    if (translated instanceof UserError) throw translated;
    const message = e instanceof Error ? e.message : String(e);
    const error = new UserError(`Cannot load the configuration '${entry}': it threw ${e instanceof Error ? e.name : "a value"}: ${message}`, { file: entry, line: 0, column: 0 });
    error.cause = e;
    throw error;
  }
}
