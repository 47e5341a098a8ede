/**
 * The system-manager package (cli-package.ts) as a Nix package value:
 * `system-manager.packages.<system>.default` of the flake stand-in and
 * the modules' `system-manager` argument, as system-manager's flake and
 * lib.nix give them. Like a derivation's, its `outPath` is known at
 * evaluation time, carrying itself as string context: the content address
 * of the package made from the installation and Node runtime the build
 * carries its engine from (the build's EngineSource, given with
 * withCliPackage; outside a build, this installation's, as the CLI's
 * engine-source.ts chooses it). Made when its outPath is first read, and
 * then handed to the build as one of its store copies, so the build writes
 * it only when the generation refers to it, before what refers to it.
 * One output, `out` (single-output.ts).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { EvalError } from "../nix/errors.ts";
import { mkString } from "../nix/coerce.ts";
import { NixAttrs, Thunk } from "../nix/value.ts";
import { addressOf, type FileTree } from "../store/file-tree.ts";
import type { StorePath } from "../store/store-path.ts";
import { engineSource } from "../cli/engine-source.ts";
import { processIo } from "../cli/io.ts";
import type { EngineSource } from "./engine-store-paths.ts";
import { cliPackageName, cliPackageTree, installationOf } from "./cli-package.ts";
import { nodeRuntimePath } from "./node-runtime-path.ts";
import { singleOutput } from "../packages/single-output.ts";

export interface CliPackage {
  readonly path: StorePath;
  readonly name: string;
  readonly tree: FileTree;
}

interface Scope {
  readonly source: () => EngineSource;
  /** Where a package made in this scope is handed on (the build's store copies). */
  readonly copies: { name: string; tree: FileTree }[];
  made?: CliPackage;
}

const inBuild = new AsyncLocalStorage<Scope>();
let outside: Scope | undefined;
/** Every package made in this process, by path: a value made in one scope and read in another (a flake's output evaluated before its build) still names one the build can write. */
const made = new Map<StorePath, CliPackage>();

/** Runs `run` (a build) with the package made from `source`, added to `copies` when made (and those made before, already). */
export function withCliPackage<T>(source: EngineSource, copies: { name: string; tree: FileTree }[], run: () => T): T {
  for (const p of made.values()) if (!copies.some((c) => c.tree === p.tree)) copies.push({ name: p.name, tree: p.tree });
  return inBuild.run({ source: () => source, copies }, run);
}

function scope(): Scope {
  return inBuild.getStore() ?? (outside ??= { source: () => engineSource(processIo), copies: [] });
}

/** The package of the current scope, made on first use. */
export function cliPackage(): CliPackage {
  const s = scope();
  if (s.made !== undefined) return s.made;
  const source = s.source();
  const name = cliPackageName(source.version);
  const tree = cliPackageTree(installationOf(source.script), nodeRuntimePath(source.node, source.cacheDir), source.version);
  const path = addressOf(name, tree);
  const pkg = made.get(path) ?? { path, name, tree };
  made.set(path, pkg);
  if (!s.copies.some((c) => c.tree === pkg.tree)) s.copies.push({ name, tree: pkg.tree });
  return (s.made = pkg);
}

/** The systems system-manager's flake has packages for. */
export const CLI_SYSTEMS = ["aarch64-linux", "aarch64-darwin", "x86_64-linux"];

/** The package for `system`, which must be `host`: it runs on this host's Node runtime. */
export function cliPackageValue(system: string, host: string): NixAttrs {
  if (system !== host) {
    throw new EvalError(`Cannot give system-manager's package for ${system}: this system-manager runs on ${host}, and its package runs on this host's Node runtime; use system-manager.packages.${host}`);
  }
  const version = new Thunk(() => scope().source().version, "system-manager.version");
  const outPath = new Thunk(() => {
    const { path } = cliPackage();
    return mkString(path, new Set([path]));
  }, "system-manager.outPath");
  let self: NixAttrs | undefined;
  self = NixAttrs.from({
    type: "derivation",
    pname: "system-manager",
    name: new Thunk(() => cliPackageName(scope().source().version), "system-manager.name"),
    version,
    system,
    outPath,
    meta: NixAttrs.from({
      description: "Manage system configurations using Nix on any Linux distribution",
      homepage: "https://github.com/numtide/system-manager",
      mainProgram: "system-manager",
      platforms: ["aarch64-linux", "x86_64-linux"],
    }),
    ...singleOutput(() => self as NixAttrs),
  });
  return self;
}
