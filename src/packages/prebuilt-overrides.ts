/**
 * `overrideAttrs`, `overrideDerivation` and `override` of a package from
 * a provider (Debian's archive, or nixpkgs' binary cache through the
 * host's Nix). It is prebuilt: what needs no rebuild may change (its
 * tests, which the prebuilt package has already run or skipped, its
 * `meta` and `passthru`), and an attribute given the value it has
 * changes nothing. Anything else would need the package rebuilt from
 * source, which a provider cannot do: that is an error naming the package
 * and the attributes, not a silently unchanged package. An accepted
 * override is the same package (the same store path) with the new
 * `meta`, the `passthru` attributes and the test settings on it, itself
 * overridable. An override that only adds build inputs and steps run
 * after the install phase (POST_INSTALL: home-manager's nnn module wraps
 * bin/nnn so) is built, where the set can build (`postInstall`, the
 * nixpkgs layer's post-installed.nix): the package's output copied, those
 * steps run over it.
 */
import { EvalError } from "../nix/errors.ts";
import { valuesEqual } from "../nix/equality.ts";
import { force, isString, NixAttrs, NixFunction, stringText, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { showType } from "../nix/show-type.ts";
import { singleOutput } from "./single-output.ts";

/** What an override may change without a rebuild: tests and their inputs, parallelism, meta, passthru. */
const NO_REBUILD = new Set([
  "doCheck", "doInstallCheck", "checkInputs", "nativeCheckInputs", "installCheckInputs", "nativeInstallCheckInputs",
  "checkPhase", "preCheck", "postCheck", "checkFlags", "checkFlagsArray", "checkTarget",
  "installCheckPhase", "preInstallCheck", "postInstallCheck", "installCheckTarget", "installCheckFlags",
  "enableParallelBuilding", "enableParallelChecking", "meta", "passthru",
]);

/** What an override may add that runs after the package is installed, over its output. */
const POST_INSTALL = new Set(["nativeBuildInputs", "buildInputs", "postInstall", "preFixup", "postFixup", "name"]);

/** Builds a prebuilt package (`base`) with post-install changes (`changes`: the override's attributes). */
export type PostInstall = (base: NixAttrs, changes: NixAttrs) => Value;

const fn = (name: string, f: (arg: Lazy) => Value) => new NixFunction(f, undefined, name);

/**
 * `fields` (a package's attributes) with its output attributes (one
 * output, `out`) and override functions; `origin` says what the package
 * is, for errors ("Debian's prebuilt package 'fd-find'"), or undefined
 * when no provider can give it: the build reports that (package-session.ts),
 * and an override of it is the package as it is rather than a second error.
 */
export function prebuiltPackage(attr: string, origin: () => string | undefined, fields: Readonly<Record<string, Lazy>>, postInstall?: PostInstall): NixAttrs {
  let self: NixAttrs | undefined;
  const me = (): NixAttrs => self as NixAttrs;
  self = NixAttrs.from({
    ...fields,
    ...singleOutput(me),
    overrideAttrs: fn("overrideAttrs", (f) => overrideAttrs(attr, origin, fields, me(), f, postInstall)),
    overrideDerivation: fn("overrideDerivation", (f) => overridden(attr, origin, fields, me(), callWith(force(f), me(), "overrideDerivation"), "overrideDerivation", postInstall)),
    override: fn("override", (args) => {
      // The function's arguments are nixpkgs' (callPackage's); Debian built the package with its own.
      const a = force(args);
      const given = a instanceof NixFunction ? force(a.call(NixAttrs.empty)) : a;
      if (!(given instanceof NixAttrs)) throw new EvalError(`pkgs.${attr}.override expects a set of arguments, or a function returning one, but got ${showType(given)}`);
      const what = given.keys().length === 0 ? undefined : origin();
      if (what === undefined) return me();
      throw refusal(attr, what, "override", given.keys(), "its build arguments");
    }),
  });
  return self;
}

/** `overrideAttrs f`: the package made with `f`'s changes; `f` as nixpkgs' toExtension takes it (a set, `prev: { … }`, or `final: prev: { … }`). */
function overrideAttrs(attr: string, origin: () => string | undefined, fields: Readonly<Record<string, Lazy>>, prev: NixAttrs, f: Lazy, postInstall?: PostInstall): Value {
  let result: Thunk | undefined;
  const change = new Thunk(() => force(extension(force(f), result as Thunk, prev)));
  result = new Thunk(() => overridden(attr, origin, fields, prev, change, "overrideAttrs", postInstall));
  return force(result);
}

function extension(f: Value, final: Lazy, prev: NixAttrs): Lazy {
  if (!(f instanceof NixFunction)) return callWith(f, prev, "overrideAttrs");
  const fPrev = force(f.call(prev));
  if (!(fPrev instanceof NixFunction)) return fPrev;
  return callWith(force(f.call(final)), prev, "overrideAttrs");
}

function callWith(f: Value, arg: Lazy, what: string): Lazy {
  if (f instanceof NixFunction) return f.call(arg);
  if (f instanceof NixAttrs) return f;
  throw new EvalError(`${what} expects a function or a set, but got ${showType(f)}`);
}

function overridden(attr: string, origin: () => string | undefined, fields: Readonly<Record<string, Lazy>>, prev: NixAttrs, change: Lazy, what: string, postInstall?: PostInstall): Value {
  const r = force(change);
  if (!(r instanceof NixAttrs)) throw new EvalError(`pkgs.${attr}.${what}: the override must give an attribute set, but gave ${showType(r)}`);
  const refused = r.keys().filter((k) => !NO_REBUILD.has(k) && !unchanged(prev, r, k));
  if (refused.length > 0 && postInstall !== undefined && what === "overrideAttrs" && refused.every((k) => POST_INSTALL.has(k))) return postInstall(prev, r);
  if (refused.length > 0) {
    const is = origin();
    if (is === undefined) return prev;
    throw refusal(attr, is, what, refused, "what it is built from");
  }
  const next: Record<string, Lazy> = { ...fields };
  for (const k of r.keys()) {
    const v = r.lazy(k) as Lazy;
    if (k === "passthru") {
      const p = force(v);
      if (!(p instanceof NixAttrs)) throw new EvalError(`pkgs.${attr}.${what}: passthru must be an attribute set, but is ${showType(p)}`);
      for (const n of p.keys()) next[n] = p.lazy(n) as Lazy;
    }
    next[k] = v;
  }
  return prebuiltPackage(attr, origin, next);
}

/**
 * Whether the override gives `k` the value the package has (`version =
 * prev.version`), or, for an attribute it does not have, an empty one
 * (`propagatedBuildInputs = (old.propagatedBuildInputs or [ ]) ++ [ ]`:
 * home-manager's ranger module with no extra packages).
 */
function unchanged(prev: NixAttrs, r: NixAttrs, k: string): boolean {
  const old = prev.lazy(k);
  const given = force(r.lazy(k) as Lazy);
  if (old === undefined) return given === null || (Array.isArray(given) && given.length === 0) || (isString(given) && stringText(given) === "") || (given instanceof NixAttrs && given.keys().length === 0);
  return valuesEqual(force(old), given);
}

function refusal(attr: string, origin: string, what: string, names: readonly string[], changes: string): EvalError {
  const list = names.map((n) => `'${n}'`).join(", ");
  return new EvalError(
    `pkgs.${attr}.${what} cannot change ${list}: pkgs.${attr} is ${origin}, and changing ${changes} needs it rebuilt from source, which system-manager cannot do for a prebuilt package. ` +
      `Only its tests (doCheck, …), meta and passthru can be overridden, and steps after its installation added (postInstall, with build inputs). To build it another way, write your own derivation (pkgs.stdenv.mkDerivation), or install Nix and use nixpkgs' ${attr}.`,
  );
}
