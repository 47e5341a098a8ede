/**
 * Debian's real patchelf .deb and the .debs of its closure except libc6
 * (the fixture's libc6 is this machine's own glibc), for the local test
 * archive: the Debian provider pins and runs patchelf from the archive,
 * never from the host. Downloaded once with the host's own apt (its
 * configured archive; `apt-get download` installs nothing) into a cache
 * outside the repository (SM_TEST_CACHE, default
 * /var/cache/system-manager-tests, else a directory under the temporary
 * directory), and checked against apt's sha256.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allowApt } from "../../../src/packages/debian/apt-root.ts";
import type { RealDeb } from "./local-archive.ts";

const APT_OPTS = ["--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances"];

function cacheDir(): string {
  for (const base of [process.env.SM_TEST_CACHE ?? "/var/cache/system-manager-tests", join(tmpdir(), `system-manager-tests-${process.getuid?.() ?? 0}`)]) {
    const dir = join(base, "debs");
    try {
      mkdirSync(dir, { recursive: true, mode: 0o755 });
      accessSync(dir, constants.W_OK);
      return dir;
    } catch {
      continue;
    }
  }
  throw new Error("no writable cache directory for the test .debs");
}

function apt(cmd: string, args: string[], cwd?: string): { ok: boolean; out: string } {
  const r = spawnSync(cmd, ["-q", ...args], { encoding: "utf8", cwd, env: { ...process.env, LC_ALL: "C.UTF-8" } });
  return { ok: r.status === 0, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

/** The Debian packages of the builders' tools (STDENV_TOOLS in src/packages/nixpkgs/index.ts), with bash. */
export const BUILDER_DEBS: readonly string[] = ["bash", "coreutils", "findutils", "diffutils", "sed", "grep", "gawk", "tar", "gzip", "bzip2", "make", "patch", "xz-utils"];

/** Debian's real .debs of `tops` and their closures but libc6 (the fixture's), through the host's apt, or why not. */
export function hostDebs(tops: readonly string[]): RealDeb[] | string {
  const deps = apt("apt-cache", ["depends", "--recurse", ...APT_OPTS, ...tops]);
  const names = [...new Set(deps.out.split("\n").filter((l) => /^[a-z0-9][a-z0-9+.-]*$/.test(l) && l !== "libc6"))];
  const unknown = tops.filter((t) => !names.includes(t));
  if (!deps.ok || unknown.length > 0) return `the host's apt knows no ${unknown.join(", ")} package (${deps.out.trim().split("\n").pop()})`;
  const uris = apt("apt-get", ["download", "--print-uris", ...names]);
  const wanted = [...uris.out.matchAll(/^'\S+' (\S+\.deb) (\d+) SHA256:([0-9a-f]{64})$/gm)].map((m) => ({ file: m[1] as string, sha256: m[3] as string }));
  if (!uris.ok || wanted.length !== names.length) return `cannot locate ${names.join(", ")} in the host's apt lists: ${uris.out.trim()}`;
  const cache = cacheDir();
  const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");
  const missing = wanted.filter((w) => !existsSync(join(cache, w.file)) || sha(join(cache, w.file)) !== w.sha256);
  if (missing.length > 0) {
    const tmp = mkdtempSync(join(cache, ".download-"));
    try {
      allowApt(tmp);
      const r = apt("apt-get", ["download", ...names], tmp);
      if (!r.ok) return `cannot download ${names.join(", ")} with the host's apt: ${r.out.trim().split("\n").slice(-2).join(" ")}`;
      for (const w of missing) {
        if (sha(join(tmp, w.file)) !== w.sha256) return `${w.file} downloaded does not match the host's apt lists`;
        renameSync(join(tmp, w.file), join(cache, w.file));
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return wanted.map((w) => {
    const [name, version, arch] = w.file.replace(/\.deb$/, "").split("_") as [string, string, string];
    return { name, version: decodeURIComponent(version), arch, deb: join(cache, w.file) };
  });
}

let memo: RealDeb[] | string | undefined;

/** The real .debs, or why they cannot be had here. */
export function patchelfDebs(): RealDeb[] | string {
  return (memo ??= hostDebs(["patchelf"]));
}
