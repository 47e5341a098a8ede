/**
 * Cold and warm realisation of ripgrep, git and vim from Debian's archive,
 * against `apt-get install --download-only` of the same packages (in a
 * private apt root with an empty dpkg status, as ours: the host's apt and
 * dpkg state are never touched). Package lists are fetched once before
 * timing. Cold: empty store and download cache, no lock (resolve,
 * download, verify, unpack, patch). Warm: the same packages again with
 * the lock (nothing to do). Prints medians and ratios to apt's time.
 * BENCH_RUNS sets the number of runs (default 3). Needs root and the
 * network, as the real-archive tests (otherwise it says why and skips). The smoke run realises ripgrep alone, once.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { PackageSession } from "../src/packages/package-session.ts";
import { removeTree } from "../src/packages/staged-path.ts";
import { DEB_CACHE_DIR } from "../src/packages/debian/fetch.ts";
import { allowApt } from "../src/packages/debian/apt-root.ts";
import { runSync } from "../src/packages/run.ts";
import { debianNameFor } from "../src/packages/names.ts";
import { STORE_DIR } from "../src/store/store-path.ts";
import { realArchiveUnavailable } from "../test/packages/helpers/real-archive.ts";
import { median, peer, size } from "./lib/bench-env.ts";

const SYSTEM = "x86_64-linux";
const RUNS = Number(process.env.BENCH_RUNS ?? size(3, 1));
const SETS = size<Readonly<Record<string, readonly string[]>>>(
  { ripgrep: ["ripgrep"], git: ["git"], vim: ["vim"], "all three": ["ripgrep", "git", "vim"] },
  { ripgrep: ["ripgrep"] },
);

const why = await realArchiveUnavailable();
if (why !== undefined && !why.startsWith("debootstrap")) {
  console.log(`packages bench skipped: ${why}`);
  process.exit(0);
}
if (!peer("apt-get", "apt")) {
  // Our Debian provider resolves with apt-get too, so neither side can run.
  console.log("packages bench skipped: the Debian provider needs apt-get as well");
  process.exit();
}

const base = mkdtempSync(join(tmpdir(), "sm-bench-"));
const root = join(base, "root");
const lockPath = join(base, "system-manager.lock");
const session = () => new PackageSession({ root, lockPath, provider: "debian", debian: { maxListAgeMs: Infinity } });

function time(fn: () => void | Promise<void>): Promise<number> {
  const t = performance.now();
  return Promise.resolve(fn()).then(() => performance.now() - t);
}

function reset(store: boolean): void {
  if (store) removeTree(join(root, STORE_DIR));
  rmSync(join(root, DEB_CACHE_DIR), { recursive: true, force: true });
  rmSync(lockPath, { force: true });
}

try {
  const warmup = session();
  warmup.lookup("ripgrep", SYSTEM);
  const apt = warmup.debianProvider("amd64").apt();
  console.log(`archive: ${apt.describe()}; ${RUNS} run(s) each, medians\n`);
  const rows: string[][] = [["packages", "apt-get --download-only", "ours cold", "ratio", "ours warm", "ratio"]];
  for (const [label, attrs] of Object.entries(SETS)) {
    const aptTimes: number[] = [];
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const archives = join(base, `archives-${label.replace(/ /g, "-")}-${i}`);
      mkdirSync(join(archives, "partial"), { recursive: true });
      allowApt(join(archives, "partial"));
      aptTimes.push(await time(() => {
        const r = apt.apt("apt-get", ["install", "--download-only", "-y", "-o", `Dir::Cache::archives=${archives}`, ...attrs.map((a) => debianNameFor(a).package)]);
        if (r.status !== 0) throw new Error(r.stderr);
      }));
      rmSync(archives, { recursive: true, force: true });
      reset(true);
      cold.push(await time(async () => {
        const s = session();
        await s.realise(attrs.map((a) => s.lookup(a, SYSTEM).outPath));
        s.saveLock();
      }));
      warm.push(await time(async () => {
        const s = session();
        const stats = await s.realise(attrs.map((a) => s.lookup(a, SYSTEM).outPath));
        if (stats.unpacked !== 0 || stats.downloaded !== 0) throw new Error("warm run did work");
      }));
    }
    const a = median(aptTimes);
    const c = median(cold);
    const w = median(warm);
    rows.push([label, `${(a / 1000).toFixed(2)} s`, `${(c / 1000).toFixed(2)} s`, `${(c / a).toFixed(1)}×`, `${w.toFixed(1)} ms`, `${(w / a).toFixed(3)}×`]);
  }
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i] as number)).join("  "));
  const du = runSync("du", ["-sh", join(root, STORE_DIR)]);
  console.log(`\nstore after the last run: ${du.stdout.split("\t")[0]}`);
} finally {
  removeTree(base);
}
