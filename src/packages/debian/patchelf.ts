/**
 * The patchelf every .deb is patched with: Debian's own `patchelf`
 * package, pinned in the lock (`debian.tools.patchelf`) and unpacked from
 * the same archive as the packages, never the host's. As unpacked it
 * cannot run by itself (its interpreter and libraries are FHS paths the
 * host may lack, or hold in other versions), so it runs through its
 * closure's own dynamic loader: `ld.so --inhibit-cache --library-path LIB
 * patchelf ARGS`, with LIB holding exactly the libraries it needs, by
 * soname, transitively. The loader, the program and those libraries are
 * copied into a private directory in the store first: its own libstdc++
 * and libgcc_s are patched in the same batch as everything else, and
 * patchelf rewrites files in place, so it never runs from a file it patches.
 */
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync } from "node:fs";
import { basename, join, posix } from "node:path";
import { UserError } from "../../diagnostics/user-error.ts";
import { tmpPrefix } from "../../store/tmp-lock.ts";
import { trustedStoreDir } from "../../store/write-store-path.ts";
import type { Launcher } from "../launcher.ts";
import type { RunResult } from "../run.ts";
import { removeTree } from "../staged-path.ts";
import type { ClosureView } from "./closure-view.ts";
import { readElf } from "./elf.ts";
import { findLibrary } from "./patch-elf.ts";

export const PATCHELF_PROGRAM = "usr/bin/patchelf";

export interface Patchelf {
  /** "patchelf 0.14.3-1+b1 (pinned in system-manager.lock)", for messages. */
  readonly label: string;
  run(args: readonly string[]): Promise<RunResult>;
  /** Removes the private copies. */
  dispose(): void;
}

/** Host paths of the real files running patchelf takes. */
export interface PatchelfFiles {
  readonly loader: string;
  readonly program: string;
  /** Soname → file, every library the program needs, transitively (the loader itself excepted). */
  readonly libraries: ReadonlyMap<string, string>;
}

/** Finds the program, its loader and its libraries in the closure of the patchelf .deb (`view.self`). */
export function locatePatchelf(view: ClosureView, arch: string, label: string): PatchelfFiles {
  const own = view.resolve(PATCHELF_PROGRAM);
  if (own === undefined || own.member !== view.self) throw new UserError(`Cannot run ${label}: its package has no ${PATCHELF_PROGRAM}`);
  const program = join(own.member.dir, own.path);
  const elf = readElf(program);
  if (elf === undefined || !elf.dynamic || elf.interpreter === undefined || !elf.interpreter.startsWith("/")) {
    throw new UserError(`Cannot run ${label}: ${PATCHELF_PROGRAM} is not a dynamically linked program`);
  }
  // Once realised in the store, patchelf's package is patched like any other: its loader is then a store path of its closure.
  const interp = elf.interpreter;
  const inStore = view.members.find((m) => interp.startsWith(`${m.storePath}/`));
  const loader = view.resolve(inStore === undefined ? posix.normalize(interp.slice(1)) : interp.slice(inStore.storePath.length + 1));
  if (loader === undefined) throw new UserError(`Cannot run ${label}: its loader ${elf.interpreter} is in no package of its closure`);
  const loaderName = basename(elf.interpreter);
  const libraries = new Map<string, string>();
  const queue = [elf];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const runpath = next.runpath.filter((p) => p.startsWith("/")).map((p) => posix.normalize(p.slice(1)));
    for (const soname of next.needed) {
      if (soname === loaderName || libraries.has(soname)) continue;
      const found = findLibrary(view, soname, runpath, arch);
      const real = found === undefined ? undefined : view.resolve(found.path);
      if (real === undefined) throw new UserError(`Cannot run ${label}: it needs ${soname}, which no package of its closure provides`);
      const file = join(real.member.dir, real.path);
      libraries.set(soname, file);
      const lib = readElf(file);
      if (lib !== undefined && lib.dynamic) queue.push(lib);
    }
  }
  return { loader: join(loader.member.dir, loader.path), program, libraries };
}

function copy(from: string, to: string, mode: number): void {
  copyFileSync(from, to);
  chmodSync(to, mode);
}

/** Copies `files` into a private directory in `root`'s store and runs them from there (through `launcher`) until disposed. */
export function patchelfRunner(files: PatchelfFiles, root: string, label: string, launcher: Launcher): Patchelf {
  const store = trustedStoreDir(root);
  // In the store, not /tmp: its file system runs programs (a noexec /tmp would not).
  const dir = mkdtempSync(join(store, `${tmpPrefix()}patchelf-`));
  try {
    mkdirSync(join(dir, "lib"));
    copy(files.loader, join(dir, "ld.so"), 0o755);
    copy(files.program, join(dir, "patchelf"), 0o755);
    for (const [soname, file] of files.libraries) copy(file, join(dir, "lib", soname), 0o644);
  } catch (e) {
    removeTree(dir);
    throw e;
  }
  const env = { LD_LIBRARY_PATH: undefined, LD_PRELOAD: undefined, LD_AUDIT: undefined };
  return {
    label,
    run: (args) => launcher.run(join(dir, "ld.so"), ["--inhibit-cache", "--library-path", join(dir, "lib"), join(dir, "patchelf"), ...args], { env, label }),
    dispose: () => removeTree(dir),
  };
}
