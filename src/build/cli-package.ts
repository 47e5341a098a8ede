/**
 * The system-manager CLI as a store path of its own, as system-manager's
 * package (package.nix, nix/packages/wrapper.nix) is:
 *
 *   <hash>-system-manager-<version>
 *     bin/system-manager          the CLI
 *     bin/system-manager-engine   the activation engine
 *     lib/system-manager/         what they run: the launcher (bin/*.js),
 *         the bundles it loads (dist/), the Nix and shell files the code
 *         reads at run time (src/packages/nixpkgs, src/flake), and a
 *         package.json that makes it the package's root
 *
 * Both wrappers run on the Node runtime store path the generation's
 * engine runs on (engine-store-paths.ts), found relative to themselves,
 * after following the links they are reached through (a profile's
 * bin/system-manager is one), and name it in full in a comment: how gc
 * sees the reference. Nothing else is needed: no checkout, no npm, no
 * node on PATH. A TypeScript configuration is not: it needs esbuild and
 * TypeScript (some 40 MB, next to the package's 3), which only the npm
 * installation carries (src/config/typescript-tooling.ts says so).
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import type { FileTree, TreeEntry } from "../store/file-tree.ts";
import { storeEntryName, storeNameSafe, type StorePath } from "../store/store-path.ts";

/** The CLI's entry point inside its store path. */
export const CLI_BIN = "bin/system-manager";
/** Where the installation is inside the package. */
const LIB = "lib/system-manager";

/** The installation's files the CLI reads at run time (bin/system-manager.js loads dist/'s bundles, the worker's, eval's and the engine). */
const FILES = ["bin/system-manager.js", "bin/code-cache.js", "bin/command-of.js", "bin/large-stack.js", "bin/large-stack-worker.js", "bin/build-ahead.js", "bin/closed-output.js", "bin/package.json", "dist/cli.cjs", "dist/activation-cli.cjs", "dist/cli-worker.cjs", "dist/eval-cli.cjs", "dist/engine.cjs"];
/** Directories whose Nix, shell and module files the code reads at run time (NIXPKGS_DIR, NIXOS_UTILS, NIXPKGS_PATH_EQUIVALENTS). */
const DATA_DIRS = ["src/packages/nixpkgs", "src/flake"];
const DATA_FILE = /\.(nix|sh|mjs)$/;

export function cliPackageName(version: string): string {
  return `system-manager-${storeNameSafe(version)}`;
}

/** The installation (the directory holding bin/ and dist/) whose dist/ holds `engineScript`. */
export function installationOf(engineScript: string): string {
  const dist = dirname(engineScript);
  if (!dist.endsWith("/dist")) throw new UserError(`Cannot make the system-manager package: the engine ${engineScript} is not in an installation's dist/`);
  return dirname(dist);
}

/** The lines that make `here` the directory of the wrapper's real file: a profile links to it. */
const FIND_SELF = [
  'self="$0"',
  'while [ -h "$self" ]; do',
  '  link="$(readlink "$self")"',
  '  case "$link" in /*) self="$link" ;; *) self="${self%/*}/$link" ;; esac',
  "done",
  'here="${self%/*}"',
];

/** A wrapper running `script` (relative to the package) with `nodeArgs` on `runtime`. */
function wrapper(what: string, runtime: StorePath, nodeArgs: readonly string[], script: string): string {
  return [
    "#!/bin/sh",
    `# ${what}, on the Node runtime`,
    `# ${runtime}, found relative to this file.`,
    ...FIND_SELF,
    `exec "$here/../../${storeEntryName(runtime)}/bin/node" ${nodeArgs.map((a) => `${a} `).join("")}"$here/../${script}" "$@"`,
    "",
  ].join("\n");
}

export function cliWrapper(runtime: StorePath, version: string): string {
  return wrapper(`The system-manager ${version} CLI`, runtime, [], `${LIB}/bin/system-manager.js`);
}

/** The engine as the generation's runs it (engineWrapper): without resolving the script's real path. */
export function cliEngineWrapper(runtime: StorePath, version: string): string {
  return wrapper(`The activation engine of system-manager ${version}`, runtime, ["--preserve-symlinks-main"], `${LIB}/dist/engine.cjs`);
}

/** package.json: the package's root for the code (config/package-files.ts), and ES modules for bin/'s launchers. */
export function cliPackageJson(version: string): string {
  return JSON.stringify({ name: "system-manager", version, type: "module", private: true }, null, 2) + "\n";
}

const file = (content: Buffer | string, executable = false): TreeEntry => ({ kind: "file", content: Buffer.from(content), executable });

/** The package's content: the files of the installation at `install`, on `runtime`. */
export function cliPackageTree(install: string, runtime: StorePath, version: string): FileTree {
  const tree = new Map<string, TreeEntry>([
    [CLI_BIN, file(cliWrapper(runtime, version), true)],
    ["bin/system-manager-engine", file(cliEngineWrapper(runtime, version), true)],
    [`${LIB}/package.json`, file(cliPackageJson(version))],
  ]);
  const missing = FILES.filter((f) => !existsSync(join(install, f)));
  if (missing.length > 0) throw new UserError(`Cannot make the system-manager package from ${install}: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing (run \`npm run build\`)`);
  for (const f of FILES) tree.set(`${LIB}/${f}`, file(readFileSync(join(install, f))));
  for (const d of DATA_DIRS) for (const f of dataFiles(join(install, d))) tree.set(`${LIB}/${d}/${f}`, file(readFileSync(join(install, d, f))));
  return tree;
}

/** The data files under `dir`, relative to it, sorted. */
function dataFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const r = rel === "" ? name : `${rel}/${name}`;
      const st = lstatSync(join(dir, r));
      if (st.isDirectory()) walk(r);
      else if (st.isFile() && DATA_FILE.test(name)) out.push(r);
    }
  };
  walk("");
  return out;
}
