/**
 * The evaluation cache's key: everything about an invocation that decides
 * its result before any file is read (what is read is recorded in the
 * entry, see eval-recorder.ts): the code that evaluates and builds (our
 * bundle's or sources' identity), which CLI builds (a system or a home,
 * and whose home), the configuration named, the build's
 * root (its store), purity, the machine (system, hostname, user), the
 * environment the CLI itself reads (SYSTEM_MANAGER_*, HOME, XDG_CACHE_HOME)
 * and the Node runtime a generation's engine is copied from.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hostname } from "node:os";
import { sha256 } from "./dependency.ts";
import { sourceFingerprint } from "./source-fingerprint.ts";

/** Variables the CLI reads itself (SYSTEM_MANAGER_LARGE_STACK only says which thread evaluates: src/cli/evaluate-in-worker.ts). */
// SYSTEM_MANAGER_VERBOSE (-v) only adds debug lines: a verbose build is answered as a quiet one.
const CLI_ENV = /^(SYSTEM_MANAGER_(?!LARGE_STACK$|VERBOSE$).*|HOME|XDG_CACHE_HOME)$/;

let codeId: string | undefined;

/**
 * Where the code reads files of its own at run time other than through the
 * evaluator (which records what it reads): the nixpkgs package set's Nix
 * and shell files, and the flake's nixpkgs equivalents.
 */
const RUNTIME_DATA = ["src/packages/nixpkgs", "src/flake"];

/** A file's identity: a rewrite (an edit, a checkout, the build's rename over it) changes its inode, size, mtime or ctime. */
function fileStamp(path: string): string {
  const st = statSync(path, { bigint: true, throwIfNoEntry: false });
  return st === undefined ? "-" : `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

/** The identities of the files under `dir` that are not TypeScript (the .nix and shell files the code reads at run time), by path. */
function runtimeData(dir: string): string {
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.endsWith(".ts")) parts.push(`${p}\0${fileStamp(p)}`);
    }
  };
  walk(dir);
  return sha256(parts.join("\n"));
}

/** The files of a built installation, relative to dist/, that the code is: every bundle and the launchers that load them (a store package of the CLI copies them all: src/build/cli-package.ts). */
const CODE_FILES = ["cli.cjs", "activation-cli.cjs", "cli-worker.cjs", "eval-cli.cjs", "engine.cjs", "../bin/system-manager.js", "../bin/home-manager.js", "../bin/code-cache.js", "../bin/command-of.js", "../bin/large-stack.js", "../bin/large-stack-worker.js", "../bin/build-ahead.js", "../bin/closed-output.js"];

/**
 * The identity of the running code. Bundled, this module is part of
 * dist/cli.cjs, which holds the whole CLI, or of dist/activation-cli.cjs
 * beside it (which leaves evaluation to the whole CLI): the bundles and
 * launchers (CODE_FILES) stand for all of it, with the files the code reads
 * from src/ at run time (RUNTIME_DATA). From sources (tests), the
 * fingerprint of the package's src/ tree.
 */
export function codeIdentity(): string {
  if (codeId !== undefined) return codeId;
  const here = fileURLToPath(import.meta.url);
  const dir = dirname(here);
  if (here.endsWith(".cjs")) {
    const data = RUNTIME_DATA.map((d) => join(dir, "..", d)).map((d) => (existsSync(d) ? runtimeData(d) : "-"));
    codeId = `dist:${sha256([...CODE_FILES.map((f) => fileStamp(join(dir, f))), ...data].join(","))}`;
  } else {
    codeId = `src:${sourceFingerprint(join(dir, "..", ".."))}`;
  }
  return codeId;
}

export interface Invocation {
  /**
   * Which CLI builds: "system" (system-manager's build and switch) or
   * "home" (standalone home-manager's). build and switch of one CLI share
   * an entry: they build the same generation.
   */
  readonly kind: string;
  /** For a home, whose: the user it is built for and their home directory. */
  readonly home?: { readonly user: string; readonly dir: string };
  /** The absolute flake directory and its fragment, or the absolute --config file. */
  readonly config: { readonly flake: string; readonly fragment?: string } | { readonly file: string };
  /** The build's root (its store is under it). */
  readonly root: string;
  readonly impure: boolean;
  readonly offline: boolean;
  readonly system: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

function runtimeStamp(env: Readonly<Record<string, string | undefined>>): string {
  const node = env.SYSTEM_MANAGER_NODE !== undefined && env.SYSTEM_MANAGER_NODE !== "" ? env.SYSTEM_MANAGER_NODE : process.execPath;
  const st = statSync(node, { throwIfNoEntry: false });
  return `${node}:${process.version}:${st?.size ?? "-"}:${st?.mtimeMs ?? "-"}`;
}

/** The key (a canonical JSON text) and its hash (the entry's file name). */
export function invocationKey(inv: Invocation): { key: string; hash: string } {
  const env = Object.fromEntries(Object.keys(inv.env).filter((k) => CLI_ENV.test(k)).sort().map((k) => [k, inv.env[k]]));
  const uid = typeof process.geteuid === "function" ? process.geteuid() : 0;
  const key = JSON.stringify({
    code: codeIdentity(),
    kind: inv.kind,
    home: inv.home ?? null,
    config: inv.config,
    root: inv.root,
    impure: inv.impure,
    offline: inv.offline,
    system: inv.system,
    hostname: hostname(),
    uid,
    env,
    runtime: runtimeStamp(inv.env),
  });
  return { key, hash: sha256(key).slice(0, 32) };
}
