/**
 * `pkgs`: the package set modules receive. `pkgs.<attr>` is a package
 * named by its nixpkgs attribute; like a Nix derivation, its `outPath` is
 * known at evaluation time. With a lookup (a PackageSession), name,
 * version, outPath and meta.mainProgram come from the lock, resolving the
 * attribute on first use (an unknown name is an error listing close
 * names); the package is realised into the store when a generation is
 * built. Without one, a value is only a request (a hash of the attribute
 * and system), for evaluations that never realise packages. A package's
 * `outPath` carries itself as string context (as a Nix store path does),
 * so what interpolates it refers to it. Given an EvalStore, the set is
 * nixpkgs-shaped (./nixpkgs/index.ts): builders, stdenv, formats over the
 * packages, instantiated into that store. A package's overrides are
 * ./prebuilt-overrides.ts's.
 */
import { createHash } from "node:crypto";
import type { Span } from "../diagnostics/location.ts";
import { NixAttrs, Thunk, force, isString, stringText, type Lazy, type Value } from "../nix/value.ts";
import { mkString } from "../nix/coerce.ts";
import type { EvalStore } from "../nix/eval-store.ts";
import { LazyOpenMap } from "../nix/open-map.ts";
import { createEvaluator } from "../nix/evaluate.ts";
import { nixLib } from "../lib/index.ts";
import { NIXPKGS_DIR, nixpkgsPackageSet } from "./nixpkgs/index.ts";
import { nixBase32 } from "../nix/nix-base32.ts";
import { STORE_DIR } from "../store/store-path.ts";
import { debianNameFor, mainProgramFor } from "./names.ts";
import { prebuiltPackage, type PostInstall } from "./prebuilt-overrides.ts";
import { prebuiltFor } from "./prebuilt/table.ts";
import { shellPathField } from "./shell-paths.ts";
import type { PackageInfo } from "./package-session.ts";

/** Answers `pkgs.<attr>` for a system (PackageSession implements it). */
export interface PackageLookup {
  /** `site`: where the configuration first selected `pkgs.<attr>` (an error about the package is placed there). */
  lookup(attr: string, system: string, site?: Span): PackageInfo;
}

/** A package value backed by the lock: resolved when one of its attributes is first used. `site`: where it was first selected. */
export function lockedPackageValue(attr: string, system: () => string, packages: PackageLookup, postInstall?: PostInstall, site?: Span): NixAttrs {
  let info: PackageInfo | undefined;
  const get = (k: "name" | "version" | "outPath" | "mainProgram") => new Thunk(() => (info ??= packages.lookup(attr, system(), site))[k], `pkgs.${attr}.${k}`);
  const outPath = get("outPath");
  const origin = () => {
    info ??= packages.lookup(attr, system(), site);
    if (info.unavailable === true) return undefined;
    const provider = info.provider;
    return provider === "nix" ? `nixpkgs' prebuilt ${attr}, through the host's Nix` : provider === "prebuilt" ? (prebuiltFor(attr)?.origin ?? "a prebuilt binary") : debianOrigin(attr);
  };
  return prebuiltPackage(attr, origin, {
    type: "derivation",
    pname: attr,
    name: get("name"),
    version: get("version"),
    system: new Thunk(system),
    outPath: new Thunk(() => withItself(force(outPath)), `pkgs.${attr}.outPath`),
    meta: NixAttrs.from({ mainProgram: get("mainProgram"), description: attr }),
    ...shellPathField(attr),
  }, postInstall);
}

export function packageValue(attr: string, system: () => string, postInstall?: PostInstall): NixAttrs {
  const outPath = new Thunk(() => {
    const hash = nixBase32(createHash("sha256").update(`package\0${system()}\0${attr}`).digest().subarray(0, 20));
    return withItself(`${STORE_DIR}/${hash}-${attr}`);
  }, `pkgs.${attr}.outPath`);
  return prebuiltPackage(attr, () => debianOrigin(attr), {
    type: "derivation",
    name: attr,
    pname: attr,
    system: new Thunk(system),
    outPath,
    meta: NixAttrs.from({ mainProgram: mainProgramFor(attr), description: attr }),
    ...shellPathField(attr),
  }, postInstall);
}

/** What a Debian package is, for an override's error. */
function debianOrigin(attr: string): string {
  try {
    return `Debian's prebuilt package '${debianNameFor(attr).package}'`;
  } catch {
    return "a prebuilt package";
  }
}

/** A store path as a string whose context is itself. */
function withItself(p: Value): Value {
  if (!isString(p)) return p;
  const text = stringText(p);
  return mkString(text, new Set([text]));
}

const IDENT = /^[a-zA-Z_][a-zA-Z0-9_'-]*$/;

/**
 * The map behind the Debian packages: every valid identifier is a package.
 * `postInstall`: how an override adding post-install steps is built (the
 * nixpkgs layer's). A package first selected inside that layer's own Nix
 * files (`python3Packages.<name>` is `pkgs.python3-<name>`) has no site there: an
 * error about it names the options holding it instead.
 */
export function rawPackageMap(system: () => string, packages?: PackageLookup, postInstall?: PostInstall): ReadonlyMap<string, Lazy> {
  const ownFiles = `${NIXPKGS_DIR}/`;
  return new LazyOpenMap(
    (name) => IDENT.test(name),
    (name, site) => (packages === undefined ? packageValue(name, system, postInstall) : lockedPackageValue(name, system, packages, postInstall, site?.file.startsWith(ownFiles) ? undefined : site)),
  );
}

/**
 * `pkgs`: with `store`, nixpkgs' shape over the packages (builders
 * instantiated into `store`, with our lib) and `overlays` applied;
 * without, only the packages.
 */
export function packageSet(system: () => string, packages?: PackageLookup, store?: EvalStore, overlays: readonly Lazy[] = []): NixAttrs {
  if (store === undefined) return new NixAttrs(rawPackageMap(system, packages));
  const evaluator = createEvaluator({ store, pure: true });
  const { copyToStore, io } = evaluator.state;
  const lib = new Thunk(() => nixLib({ store, copyToStore, io, importPath: (p) => evaluator.importPath(p), pure: true }), "lib");
  return nixpkgsPackageSet({ system, lib, evaluator, packages, overlays });
}
