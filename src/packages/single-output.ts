/**
 * The output attributes of a package with one output, as nixpkgs'
 * mkDerivation gives them: `out` is the package itself, `outputName` is
 * "out", `outputs` is [ "out" ] and `all` is [ the package ]. A package
 * made from a prebuilt provider's archive is one output (Debian's holds
 * its programs and manual pages together, its headers being another
 * Debian package), so `.bin`, `.man` or `.dev` is missing, as on a
 * single-output derivation in Nix; lib.getBin and friends fall back to
 * `out`.
 */
import { Thunk, type Lazy, type NixAttrs } from "../nix/value.ts";

/** The output attributes of the package `self` gives. */
export function singleOutput(self: () => NixAttrs): Record<string, Lazy> {
  const out = new Thunk(self, "out");
  return { out, outputName: "out", outputs: ["out"], all: [out] };
}
