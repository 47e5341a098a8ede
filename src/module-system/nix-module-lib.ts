/**
 * The `lib` that Nix module functions receive when their evaluation names
 * none (nixpkgs passes the lib that defined evalModules). The Nix lib
 * (src/nix/lib) registers itself here when it is built, so a Nix module
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
