/**
 * The package sets a nixpkgs flake input gives, asked for by the build
 * rather than by Nix code: `system-manager.lib.makeSystemConfig` gives the
 * system's modules `pkgs` from the flake's nixpkgs input, as
 * system-manager does, and the build answers its packages from its own
 * package session (the lock). A nixpkgs input made by this project (a
 * source tree or the built-in stand-in) registers how to make its package
 * set here; any other value has none, and the build's own set serves.
 */
import type { NixAttrs, Value } from "../nix/value.ts";
import type { PkgsFor } from "../build/evaluate-system.ts";

export type { PkgsFor };

const registry = new WeakMap<NixAttrs, PkgsFor>();

export function registerNixpkgs(input: NixAttrs, pkgsFor: PkgsFor): NixAttrs {
  registry.set(input, pkgsFor);
  return input;
}

export function nixpkgsPackagesOf(input: Value | undefined): PkgsFor | undefined {
  return input !== undefined && typeof input === "object" && input !== null && registry.has(input as NixAttrs) ? registry.get(input as NixAttrs) : undefined;
}
