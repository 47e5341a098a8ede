/**
 * The "system-manager" module as a bundled configuration sees it: a
 * virtual module re-exporting the running CLI's own instance of
 * src/index.ts, published on a global symbol, so types and definitions
 * made by the configuration are the instances the module system knows
 * (a second copy of the package would make `types.str` a stranger).
 */
import * as runtime from "../index.ts";

/** The global property holding the runtime namespace. */
export const RUNTIME_KEY: unique symbol = Symbol.for("system-manager.runtime");

/** Publishes the runtime for configurations about to be imported; returns its export names. */
export function installRuntime(): readonly string[] {
  (globalThis as { [RUNTIME_KEY]?: unknown })[RUNTIME_KEY] = runtime;
  return runtimeExports();
}

/** The names the runtime exports, sorted (they are part of a bundle's cache key). */
export function runtimeExports(): readonly string[] {
  return Object.keys(runtime).sort();
}

/** The source of the virtual module. */
export function runtimeModuleSource(names: readonly string[]): string {
  return [
    `const runtime = globalThis[Symbol.for(${JSON.stringify(RUNTIME_KEY.description)})];`,
    `if (runtime === undefined) throw new Error("This configuration must be loaded by system-manager");`,
    `export const { ${names.join(", ")} } = runtime;`,
    "",
  ].join("\n");
}
