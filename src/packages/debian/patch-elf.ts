/**
 * Makes a package's ELF files load from the store: executables get the
 * closure's own dynamic loader as interpreter, and every dynamic object a
 * minimal RUNPATH: for each DT_NEEDED soname, the one store directory that
 * provides it (searched in the object's own RUNPATH, mapped into the
 * store, its $ORIGIN entries in every member of the closure, as Debian
 * installs a split package's parts into one directory; then in the
 * standard library directories). A soname no member of
 * the closure provides is an error, naming the file and the soname —
 * except for an object without an interpreter: a loadable module (zsh's
 * curses.so, libao's plugins-4/libalsa.so), whose libraries may come from
 * the package's Recommends or Suggests, is left to fail when loaded, as on
 * a host installed without them; a library whose package omits a
 * dependency (libdbusmenu-gtk3 needs libgtk-3 and depends on no GTK) gets
 * it from the program loading it, which has it loaded already (the loader
 * reuses a loaded object of that soname). An ELF file
 * that is data is left as it is when its loader or a library it needs is
 * in no member of the closure: one in an `Architecture: all` package (which
 * by Debian's policy runs no native code of its own) or under usr/share
 * (architecture-independent files), as the ELF test files of Go's sources
 * (golang-1.19-src) are.
 * glibc's own objects are left alone: the loader finds them itself.
 * The jobs are run by ./run-patches.ts.
 */
import { lstatSync, readdirSync } from "node:fs";
import { join, posix } from "node:path";
import { UserError } from "../../diagnostics/user-error.ts";
import type { ClosureView, Owned } from "./closure-view.ts";
import { readElf, type ElfInfo } from "./elf.ts";

const MACHINE: Readonly<Record<string, number>> = { amd64: 62, arm64: 183, i386: 3, armhf: 40, riscv64: 243, ppc64el: 21, s390x: 22 };
/** Debian's multiarch triplet of an architecture (the directory under /usr/lib its libraries and plugins are in). */
export const TRIPLET: Readonly<Record<string, string>> = {
  amd64: "x86_64-linux-gnu", arm64: "aarch64-linux-gnu", i386: "i386-linux-gnu", armhf: "arm-linux-gnueabihf",
  riscv64: "riscv64-linux-gnu", ppc64el: "powerpc64le-linux-gnu", s390x: "s390x-linux-gnu",
};
const GLIBC = /^libc6(-.*)?$/;

export interface PatchJob {
  readonly file: string;
  readonly args: readonly string[];
  /** "usr/bin/git of git 1:2.39.5-0+deb12u3", for messages. */
  readonly label: string;
  /** The file's header as planning read it (run-patches.ts compares the patched file with it); read again where absent. */
  readonly elf?: ElfInfo;
}

function libDirs(arch: string): string[] {
  const t = TRIPLET[arch];
  return [...(t === undefined ? [] : [`lib/${t}`, `usr/lib/${t}`]), "lib", "usr/lib", "lib64", "usr/lib64"];
}

/** The member and path providing `soname`: in the object's absolute RUNPATH (relative, normalised), then the standard directories. */
export function findLibrary(view: ClosureView, soname: string, runpath: readonly string[], arch: string): Owned | undefined {
  return [...runpath, ...libDirs(arch)].map((d) => view.owner(`${d}/${soname}`, ["file", "symlink"])).find((o) => o !== undefined);
}

/** The ELF machine number of a Debian architecture. */
export function elfMachine(arch: string): number | undefined {
  return MACHINE[arch];
}

function regularFiles(dir: string, rel = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, rel))) {
    const r = rel === "" ? name : `${rel}/${name}`;
    if (rel === "" && name === ".system-manager") continue;
    const st = lstatSync(join(dir, r));
    if (st.isDirectory()) out.push(...regularFiles(dir, r));
    else if (st.isFile() && st.size > 52) out.push(r);
  }
  return out;
}

/** What planPatches needs of the package itself: its version (for messages) and its Architecture ("all" or the closure's). */
export interface PatchedDeb {
  readonly version: string;
  readonly arch: string;
}

/** Whether `rel` of a package of `debArch` is data rather than code meant to run (see the header). */
function isData(debArch: string, rel: string): boolean {
  return debArch === "all" || rel.startsWith("usr/share/");
}

/** The patchelf invocations a package needs (pure planning over the closure's files). */
export function planPatches(view: ClosureView, arch: string, deb: PatchedDeb): PatchJob[] {
  const self = view.self;
  const version = deb.version;
  if (GLIBC.test(self.name)) return [];
  const machine = MACHINE[arch];
  const jobs: PatchJob[] = [];
  const seen = new Set<string>();
  for (const rel of regularFiles(self.dir)) {
    const file = join(self.dir, rel);
    const st = lstatSync(file);
    const inode = `${st.dev}:${st.ino}`;
    if (seen.has(inode)) continue;
    seen.add(inode);
    const elf = readElf(file);
    if (elf === undefined || !elf.dynamic || (machine !== undefined && elf.machine !== machine)) continue;
    const args: string[] = [];
    if (elf.interpreter !== undefined && elf.interpreter.startsWith("/")) {
      const loader = view.resolve(posix.normalize(elf.interpreter.slice(1)));
      if (loader === undefined) {
        if (isData(deb.arch, rel)) continue;
        throw new UserError(`Cannot patch ${rel} of ${self.name} ${version}: its loader ${elf.interpreter} is in no package of its closure`);
      }
      args.push("--set-interpreter", `${loader.member.storePath}/${loader.path}`);
    }
    const origin = elf.runpath.filter((p) => p.startsWith("$ORIGIN"));
    // $ORIGIN's directories as paths of the merged tree Debian installs into: a package split in several
    // (OpenJDK's jdk-headless programs load libjli.so from jre-headless's lib/) finds them in another member.
    const originDirs = origin.map((o) => posix.normalize(posix.join(posix.dirname(rel), o.slice("$ORIGIN".length))));
    const fromRunpath = [...originDirs, ...elf.runpath.filter((p) => p.startsWith("/")).map((p) => posix.normalize(p.slice(1)))];
    const dirs: string[] = [...origin];
    let unresolved = false;
    for (const soname of elf.needed) {
      if (origin.some((o) => self.entries.has(posix.normalize(posix.join(posix.dirname(rel), o.slice("$ORIGIN".length), soname))))) continue;
      const found = findLibrary(view, soname, fromRunpath, arch);
      // A loadable module may need a library of the package's Recommends or Suggests, which apt without
      // them leaves out too: it then fails when loaded, not the package; a library, one the program loading it has.
      if (found === undefined && elf.interpreter === undefined) continue;
      if (found === undefined && isData(deb.arch, rel)) {
        unresolved = true;
        break;
      }
      if (found === undefined) {
        throw new UserError(`Cannot patch ${rel} of ${self.name} ${version}: it needs ${soname}, which no package of its closure provides`);
      }
      const dir = `${found.member.storePath}/${posix.dirname(found.path)}`;
      if (!dirs.includes(dir)) dirs.push(dir);
    }
    if (unresolved) continue;
    if (dirs.length > 0 || elf.runpath.length > 0) args.push("--set-rpath", dirs.join(":"));
    if (args.length > 0) jobs.push({ file, args, label: `${rel} of ${self.name} ${version}`, elf });
  }
  return jobs;
}
