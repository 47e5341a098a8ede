/**
 * For the tests against Debian's real archive: whether they can run here
 * (root, a Debian-based host, the archive answering, debootstrap), and a
 * debootstrap `minbase` root of the host's release, made once and cached
 * outside the repository (SM_TEST_CACHE, default
 * /var/cache/system-manager-tests), then copied for each run.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { defaultSources, parseOsRelease } from "../../../src/packages/debian/sources.ts";
import type { AptSource } from "../../../src/packages/lock.ts";

export function hostSources(): AptSource[] | string {
  const d = defaultSources(parseOsRelease(existsSync("/etc/os-release") ? readFileSync("/etc/os-release", "utf8") : ""));
  return "reason" in d ? d.reason : d.sources;
}

function reachable(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { method: "HEAD", timeout: 5000 }, (res) => resolve((res.statusCode ?? 500) < 400));
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}

/** Why the real-archive tests cannot run here, or undefined. */
export async function realArchiveUnavailable(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return "needs root (debootstrap and chroot)";
  if (process.arch !== "x64") return "runs on x86_64 hosts only";
  const sources = hostSources();
  if (typeof sources === "string") return sources;
  const s = sources[0] as AptSource;
  if (!s.uri.startsWith("http://")) return `cannot probe ${s.uri}`;
  if (!(await reachable(`${s.uri}/dists/${s.suites[0]}/InRelease`))) return `the Debian archive ${s.uri} is unreachable`;
  for (const tool of ["debootstrap", "chroot"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) return `${tool} is not installed (apt-get install ${tool === "chroot" ? "coreutils" : tool})`;
  }
  return undefined;
}

/** A fresh copy of the cached minbase root of the host's release (made on first use: about half a minute). */
export function minbaseRoot(scratch: string): string {
  const sources = hostSources() as AptSource[];
  const main = sources[0] as AptSource;
  const suite = main.suites[0] as string;
  const cacheDir = process.env.SM_TEST_CACHE ?? "/var/cache/system-manager-tests";
  const cached = join(cacheDir, `minbase-${suite}`);
  if (!existsSync(cached)) {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${cached}.tmp-${process.pid}`;
    const r = spawnSync("debootstrap", ["--variant=minbase", suite, tmp, main.uri], { encoding: "utf8" });
    if (r.status !== 0) {
      rmSync(tmp, { recursive: true, force: true });
      throw new Error(`debootstrap failed: ${r.stdout.slice(-2000)}${r.stderr}`);
    }
    renameSync(tmp, cached);
  }
  const copy = mkdtempSync(join(scratch, "minbase-"));
  const r = spawnSync("cp", ["-a", `${cached}/.`, copy]);
  if (r.status !== 0) throw new Error(`cannot copy ${cached}: ${r.stderr}`);
  return copy;
}

/** Runs a shell script as root in `root` with chroot, a clean environment (HOME=/root, the C locale) and a two-minute limit; stdout and stderr together. */
export function chroot(root: string, script: string): { status: number | null; out: string } {
  const r = spawnSync("chroot", [root, "/bin/sh", "-c", script], { encoding: "utf8", timeout: 120_000, env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", HOME: "/root", LC_ALL: "C" } });
  return { status: r.status, out: r.stdout + r.stderr };
}
