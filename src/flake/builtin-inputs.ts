/**
 * The built-in stand-ins for the flakes a system-manager configuration
 * depends on, recognised by owner and repository (any ref):
 * github:nixos/nixpkgs (its `lib`, `legacyPackages.<system>`),
 * github:numtide/system-manager (`lib.makeSystemConfig`, `packages.<system>`:
 * this system-manager as a store path, build/cli-package-value.ts, and
 * `overlays.default` giving it as `pkgs.system-manager`) and
 * github:nix-community/home-manager (`nixosModules.home-manager`,
 * `lib.homeManagerConfiguration`) and github:Mic92/sops-nix
 * (`nixosModules.sops`, `.default`: empty, its options are built in,
 * always: modules/system/sops/sops.ts). Each looks like a real flake input:
 * it coerces to an outPath and carries `_type = "flake"`. system-manager
 * is always this tool's own; nixpkgs and home-manager are fetched when
 * they can be and stand in only when they cannot (lock/lock-flake.ts).
 */
import { createHash } from "node:crypto";
import { NixAttrs, NixFunction, NixPath, Thunk, force, isString, stringText, type Lazy, type Value } from "../nix/value.ts";
import type { TreeOverlay } from "./tree-overlay.ts";
import { lazyFromJS } from "../nix/js-value.ts";
import { nixBase32 } from "../nix/nix-base32.ts";
import { STORE_DIR } from "../store/store-path.ts";
import type { FlakeRef } from "../nix/flake-ref/flake-ref.ts";
import { homeManagerModule } from "../modules/system/home-manager.ts";
import { packageSet } from "../packages/package-set.ts";
import { buildPackages } from "../packages/build-packages.ts";
import { nixpkgsPackageSet } from "../packages/nixpkgs/index.ts";
import type { Evaluator } from "../nix/eval/evaluator.ts";
import type { PathAccess } from "../nix/path-access.ts";
import { EvalError } from "../nix/errors.ts";
import { NIXPKGS_PATH_EQUIVALENTS, pkgsArgs } from "./nixpkgs-input.ts";
import { hostSystem } from "../cli/host.ts";
import { CLI_SYSTEMS, cliPackageValue } from "../build/cli-package-value.ts";

export type StandIn = "nixpkgs" | "system-manager" | "home-manager" | "sops-nix";

const KNOWN: Readonly<Record<string, StandIn>> = {
  "nixos/nixpkgs": "nixpkgs",
  "numtide/system-manager": "system-manager",
  "nix-community/home-manager": "home-manager",
  "mic92/sops-nix": "sops-nix",
};

export function standInFor(ref: FlakeRef): StandIn | undefined {
  if (ref.type !== "github") return undefined;
  return KNOWN[`${ref.owner}/${ref.repo}`.toLowerCase()];
}

/** Whether the stand-in is the input itself (system-manager: this tool), never fetched. */
export function alwaysBuiltIn(which: StandIn): boolean {
  return which === "system-manager" || which === "sops-nix";
}

/** What stands in for an input that could not be fetched, and how to get the real one, for the warning that says so. */
export function standInNotice(which: StandIn, path: string): string {
  const what = which === "nixpkgs" ? "the project's built-in nixpkgs (its own lib, packages from Debian) stands" : `the project's built-in ${which} modules stand`;
  return `${what} in for it; to use the real ${which}, run online (without --offline), or give a copy with --override-input ${path} path:/path/to/${which}`;
}

function flakeValue(name: string, outputs: Record<string, Lazy>): NixAttrs {
  const hash = nixBase32(createHash("sha256").update(`system-manager-builtin-input\0${name}`).digest().subarray(0, 20));
  return NixAttrs.from({
    ...outputs,
    _type: "flake",
    outPath: `${STORE_DIR}/${hash}-source`,
    lastModified: 0n,
    narHash: "sha256-builtin",
    rev: "0000000000000000000000000000000000000000",
    shortRev: "0000000",
    inputs: NixAttrs.empty,
  });
}

export interface StandInContext {
  readonly lib: NixAttrs;
  /** `system-manager.lib.makeSystemConfig`: records the modules; the build evaluates them. */
  readonly makeSystemConfig: NixFunction;
}

type NixpkgsContext = StandInContext & { readonly evaluator?: Evaluator; readonly access?: PathAccess; readonly overlay?: TreeOverlay };

/**
 * `legacyPackages.<system>`: with the flake's evaluator (a FlakeContext has it), builders instantiate into its store; without, only packages.
 * `pkgs.path` is the project's equivalents of the nixpkgs files home-manager imports through it (nixos/modules/misc/assertions.nix, …).
 */
function legacyPackages(ctx: NixpkgsContext, system: string): NixAttrs {
  const evaluator = ctx.evaluator;
  if (evaluator === undefined) return packageSet(() => system);
  // Its path was made readable with the input (standInValue).
  const path = new NixPath(NIXPKGS_PATH_EQUIVALENTS);
  // `import pkgs.path { system; config; overlays; }` (home-manager's nixpkgs module) gives this package set again.
  ctx.overlay?.provide(NIXPKGS_PATH_EQUIVALENTS, () => nixpkgsImport(ctx, evaluator, system));
  return nixpkgsPackageSet({ system, lib: ctx.lib, evaluator, access: ctx.access, path, packages: buildPackages });
}

/** nixpkgs' entry point, `import nixpkgs { system; config; overlays; }`: this package set, for the system asked (by default `system`). */
function nixpkgsImport(ctx: NixpkgsContext, evaluator: Evaluator, system: string): NixFunction {
  const path = new NixPath(NIXPKGS_PATH_EQUIVALENTS);
  return fn("nixpkgs", (arg) => {
    const a = pkgsArgs(force(arg), system);
    return nixpkgsPackageSet({ system: a.system, lib: ctx.lib, evaluator, access: ctx.access, path, config: a.config, overlays: a.overlays, packages: buildPackages });
  });
}

const fn = (name: string, f: (arg: Lazy) => Value) => new NixFunction(f, undefined, name);

/** `packages.<system>`: this system-manager as a package (`default`, `system-manager`, and upstream's `system-manager-unwrapped`), for the host's system. */
function cliPackages(): NixAttrs {
  const forSystem = (s: string) => {
    const pkg = new Thunk(() => cliPackageValue(s, hostSystem()), `system-manager.packages.${s}`);
    return NixAttrs.from({ default: pkg, "system-manager": pkg, "system-manager-unwrapped": pkg });
  };
  return new NixAttrs(new Map<string, Lazy>(CLI_SYSTEMS.map((s) => [s, new Thunk(() => forSystem(s))])));
}

/**
 * `overlays.default`, upstream's packageOverlay: `final: prev: { system-manager; system-manager-unwrapped; }`,
 * this system-manager as a package for the set's system (which must be the host's).
 */
function cliOverlay(): NixFunction {
  return fn("system-manager overlay", (final) =>
    fn("system-manager overlay", () => {
      const pkg = new Thunk(() => {
        const system = force((force(final) as NixAttrs).lazy("system") as Lazy);
        return cliPackageValue(isString(system) ? stringText(system) : hostSystem(), hostSystem());
      }, "pkgs.system-manager");
      return NixAttrs.from({ "system-manager": pkg, "system-manager-unwrapped": pkg });
    }),
  );
}

export function standInValue(which: StandIn, ctx: StandInContext): NixAttrs {
  switch (which) {
    case "nixpkgs": {
      const input = flakeValue("nixpkgs", {
        lib: ctx.lib,
        legacyPackages: new NixAttrs(new Map<string, Lazy>(["x86_64-linux", "aarch64-linux"].map((s) => [s, new Thunk(() => legacyPackages(ctx, s))]))),
      });
      // `import nixpkgs { … }` (and `import "${nixpkgs}"`): answered with the package set, as nixpkgs' default.nix would.
      // Its `path` (home-manager imports nixos/modules/misc/assertions.nix through it) is readable and importable as legacyPackages' is.
      const { evaluator, overlay, access } = ctx as NixpkgsContext;
      if (evaluator !== undefined) {
        access?.allow(NIXPKGS_PATH_EQUIVALENTS);
        overlay?.provide(String(input.get("outPath")), () => nixpkgsImport(ctx, evaluator, hostSystem()));
        overlay?.provide(NIXPKGS_PATH_EQUIVALENTS, () => nixpkgsImport(ctx, evaluator, hostSystem()));
      }
      return input;
    }
    case "system-manager":
      return flakeValue("system-manager", {
        lib: NixAttrs.from({ makeSystemConfig: ctx.makeSystemConfig }),
        packages: cliPackages(),
        overlays: NixAttrs.from({ default: cliOverlay() }),
      });
    case "sops-nix": {
      // Its options are always declared (modules/system/sops/sops.ts, which says why the real module is not run): importing it adds nothing.
      const sops = NixAttrs.from({ _file: "sops-nix/modules/sops (system-manager's built-in sops options)" });
      return flakeValue("sops-nix", { nixosModules: NixAttrs.from({ sops, default: sops }) });
    }
    case "home-manager": {
      // A path-like module with its own key, so importing it twice dedupes as nixpkgs does.
      const hm = lazyFromJS(homeManagerModule);
      return flakeValue("home-manager", {
        nixosModules: NixAttrs.from({ home: hm, "home-manager": hm, default: hm }),
        lib: NixAttrs.from({
          homeManagerConfiguration: fn("homeManagerConfiguration", (args) => {
            const a = force(args);
            if (!(a instanceof NixAttrs)) throw new EvalError("homeManagerConfiguration expects a set of arguments");
            return NixAttrs.from({ _type: "home-manager-configuration", modules: a.lazy("modules") ?? [], extraSpecialArgs: a.lazy("extraSpecialArgs") ?? NixAttrs.empty });
          }),
        }),
      });
    }
  }
}
