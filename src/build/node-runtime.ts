/**
 * The Node.js runtime a generation's engine runs on, as a store path of
 * its own: the node binary and every shared library it loads apart from
 * glibc's (libstdc++, or Debian's libnode, libuv, OpenSSL, ICU …), so the
 * generation keeps working when the host's node is upgraded or removed.
 *
 *   bin/node        what the engine runs; the binary itself when it needs
 *                   no library of its own, else a wrapper that starts it
 *                   through the host's dynamic loader with `--library-path`
 *                   (no LD_LIBRARY_PATH, so programs node starts are not
 *                   affected), found relative to itself so the runtime
 *                   also runs inside a --root tree
 *   libexec/node    the binary, when wrapped
 *   lib/<soname>    the libraries, copied
 *
 * glibc stays the host's: every Linux host has one, and a newer glibc runs
 * older programs. The libraries are found with the host's `ldd`.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, realpathSync } from "node:fs";
import { basename } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { readElf } from "../packages/debian/elf.ts";
import type { FileTree, HostFile, SourcedTree, TreeEntry } from "../store/file-tree.ts";
import { storeNameSafe } from "../store/store-path.ts";

/** glibc's own objects: never copied, the host's loader finds them. */
const GLIBC = /^(ld-linux[^/]*|ld64\.so\.\d+|ld\.so\.\d+|linux-vdso\.so\.\d+|linux-gate\.so\.\d+|lib(c|m|dl|pthread|rt|resolv|util|anl|nsl|mvec|BrokenLocale|thread_db|c_malloc_debug)\.so\.\d+)$/;

export interface SharedLibrary {
  readonly soname: string;
  /** Where the host's loader finds it. */
  readonly path: string;
}

/** The shared libraries (apart from glibc's) `binary` loads, as the host's `ldd` lists them. */
export function sharedLibraries(binary: string): SharedLibrary[] {
  const elf = readElf(binary);
  if (elf === undefined || !elf.dynamic) return [];
  const r = spawnSync("ldd", [binary], { encoding: "utf8" });
  if (r.error !== undefined) throw new UserError(`Cannot list the libraries of ${binary}: ldd: ${r.error.message}`);
  if (r.status !== 0) throw new UserError(`Cannot list the libraries of ${binary}: ldd exited with ${r.status}: ${r.stderr.trim()}`);
  const libs: SharedLibrary[] = [];
  const missing: string[] = [];
  for (const line of r.stdout.split("\n")) {
    const m = /^\s*(\S+)\s+=>\s+(.*?)\s*(\(0x[0-9a-f]+\))?$/.exec(line);
    if (m === null) continue;
    const soname = m[1] as string;
    if (GLIBC.test(soname)) continue;
    if (m[2] === "not found") missing.push(soname);
    else libs.push({ soname, path: m[2] as string });
  }
  if (missing.length > 0) throw new UserError(`Cannot copy the Node runtime ${binary}: the host does not have ${missing.join(", ")}`);
  return libs.sort((a, b) => (a.soname < b.soname ? -1 : 1));
}

/** What a runtime is made from: the node binary and the libraries it loads (asked of ldd once). */
export interface RuntimeSources {
  readonly binary: string;
  readonly libs: readonly SharedLibrary[];
}

export function runtimeSources(node: string): RuntimeSources {
  const binary = realpathSync(node);
  return { binary, libs: sharedLibraries(binary).map((l) => ({ soname: l.soname, path: realpathSync(l.path) })) };
}

/** The files of `s`, binary first. */
export function sourceFiles(s: RuntimeSources): string[] {
  return [s.binary, ...s.libs.map((l) => l.path)];
}

/** `node --version` of a binary ("v20.20.2"), for the store path's name. */
function nodeVersion(node: string): string {
  if (realpathSync(node) === realpathSync(process.execPath)) return process.version;
  const r = spawnSync(node, ["--version"], { encoding: "utf8" });
  if (r.error !== undefined || r.status !== 0) throw new UserError(`Cannot run the Node runtime ${node} --version: ${r.error?.message ?? r.stderr.trim()}`);
  return r.stdout.trim();
}

/** The POSIX sh wrapper that starts `libexec/node` through `loader` with the runtime's own libraries. */
export function nodeWrapper(loader: string): string {
  return [
    "#!/bin/sh",
    "# Node.js with the shared libraries it was copied with (../lib), started",
    "# through the dynamic loader so the programs it starts load their own.",
    'here="${0%/*}"',
    `exec ${loader} --library-path "$here/../lib" "$here/../libexec/node" "$@"`,
    "",
  ].join("\n");
}

/** The runtime's store path name and layout: its files as host files (the store copies them, store/write-sourced-path.ts), the wrapper's text. */
export function nodeRuntimeLayout({ binary, libs }: RuntimeSources): { name: string; tree: SourcedTree } {
  const name = `nodejs-${storeNameSafe(nodeVersion(binary).replace(/^v/, ""))}`;
  const exe: HostFile = { kind: "host-file", path: binary, executable: true };
  if (libs.length === 0) return { name, tree: new Map([["bin/node", exe]]) };
  const loader = readElf(binary)?.interpreter;
  if (loader === undefined || !loader.startsWith("/") || /[^A-Za-z0-9/._+-]/.test(loader)) {
    throw new UserError(`Cannot copy the Node runtime ${binary}: it names no usable dynamic loader (${JSON.stringify(loader)})`);
  }
  const tree = new Map<string, TreeEntry | HostFile>([
    ["bin/node", { kind: "file", content: Buffer.from(nodeWrapper(loader)), executable: true }],
    ["libexec/node", exe],
  ]);
  for (const l of libs) tree.set(`lib/${basename(l.soname)}`, { kind: "host-file", path: l.path, executable: false });
  return { name, tree };
}

/** The runtime's store path name and content, its files read into memory (what nodeRuntimeLayout stands for). */
export function nodeRuntimeTree(sources: RuntimeSources): { name: string; tree: FileTree } {
  const { name, tree } = nodeRuntimeLayout(sources);
  return { name, tree: new Map([...tree].map(([rel, e]) => [rel, e.kind === "host-file" ? { kind: "file" as const, content: readFileSync(e.path), executable: e.executable } : e])) };
}
