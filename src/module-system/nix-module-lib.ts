/**
 * The `lib` that Nix module functions receive when their evaluation names
 * none (nixpkgs passes the lib that defined evalModules). The Nix lib
 * (src/lib) registers itself here when it is built, so a Nix module
 * inside a submodule declared by a TypeScript module still gets `lib`;
 * evaluations started from the Nix lib pass their own (possibly extended)
 * lib explicitly. TypeScript modules always get the TypeScript lib.
 */
import type { Lazy } from "../nix/value.ts";

let registered: (() => Lazy) | undefined;

/** Registers the default Nix lib (the first registration wins). */
export function registerNixModuleLib(get: () => Lazy): void {
  registered ??= get;
}

export function defaultNixModuleLib(): Lazy | undefined {
  return registered?.();
}

let loader: ((path: string) => Lazy) | undefined;
let fallbackLoader: ((path: string) => Lazy) | undefined;

/**
 * How modules given as paths (`./other.nix` in `imports` or a module list)
 * are loaded when an evaluation names no loader: the Nix evaluator of the
 * flake being evaluated registers its `import` here, so nested evaluations
 * (submodules such as home-manager.users.<name> = ./home.nix) load them too.
 */
export function registerModuleLoader(load: (path: string) => Lazy): void {
  loader = load;
}

/**
 * The loader of the lib whose `evalModules` ran last, for nested
 * evaluations when no evaluator registered one (a submodule type of a
 * Nix `lib.evalModules` importing `./declare-enable.nix`).
 */
export function registerFallbackModuleLoader(load: (path: string) => Lazy): void {
  fallbackLoader = load;
}

export function defaultModuleLoader(): ((path: string) => Lazy) | undefined {
  return loader ?? fallbackLoader;
}
