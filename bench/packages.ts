/**
 * Cold and warm realisation of ripgrep, git and vim from Debian's archive,
 * against apt installing the same packages into a throw-away root.
 *
 * The peer, "apt install": `apt-get install --download-only -y` of the
 * packages in a private apt root with an empty dpkg status (as ours: the
 * host's apt and dpkg state are never touched), into an empty archive
 * directory, then `dpkg-deb -x` of every downloaded .deb, one after the
 * other as dpkg unpacks them, into an empty scratch root; timed together.
 * That is what `apt-get install` does short of a chroot: it leaves out
 * dpkg's database, maintainer scripts and triggers (which need one), so
 * the peer is, if anything, faster than a real install. The second peer,
 * "apt download", is the `apt-get --download-only` part alone.
 *
 * Ours, cold: a fresh process (bench/lib/packages-realise.ts) with an
 * empty store and download cache and no lock resolves, downloads,
 * verifies, unpacks and patches; warm: the same again with the lock and
 * the store (nothing to do). Package lists are fetched once before
 * timing. Times are medians (ours in-process, without Node's start-up);
 * ratios are to "apt install". Peak RSS (bench/lib/measure.ts) is the
 * largest of the peer's processes (apt-get, the dpkg-deb loop), and our
 * Node process's (not its apt-get, dpkg-deb and patchelf children).
 * BENCH_RUNS sets the number of runs (default 3). Needs root and the
 * network, as the real-archive tests (otherwise it says why and skips).
 * The smoke run realises ripgrep alone, once.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PackageSession } from "../src/packages/package-session.ts";
import { removeTree } from "../src/packages/staged-path.ts";
import { DEB_CACHE_DIR } from "../src/packages/debian/fetch.ts";
import { allowApt } from "../src/packages/debian/apt-root.ts";
import { runSync } from "../src/packages/run.ts";
import { debianNameFor } from "../src/packages/names.ts";
import { STORE_DIR } from "../src/store/store-path.ts";
import { realArchiveUnavailable } from "../test/packages/helpers/real-archive.ts";
import { median, peer, size } from "./lib/bench-env.ts";
import { formatMB, runMeasured, type Measured } from "./lib/measure.ts";

const SYSTEM = "x86_64-linux";
const RUNS = Number(process.env.BENCH_RUNS ?? size(3, 1));
const SETS = size<Readonly<Record<string, readonly string[]>>>(
  { ripgrep: ["ripgrep"], git: ["git"], vim: ["vim"], "all three": ["ripgrep", "git", "vim"] },
  { ripgrep: ["ripgrep"] },
);
const CHILD = fileURLToPath(new URL("./lib/packages-realise.ts", import.meta.url));
const REPO = fileURLToPath(new URL("..", import.meta.url));

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

function reset(): void {
  removeTree(join(root, STORE_DIR));
  rmSync(join(root, DEB_CACHE_DIR), { recursive: true, force: true });
  rmSync(lockPath, { force: true });
}

function checked(m: Measured, what: string): Measured {
  if (m.status !== 0) throw new Error(`${what} failed (${m.status}):\n${m.stderr}${m.stdout}`);
  return m;
}

/** Our side in a child process: in-process ms, whole-process peak RSS. */
function ours(attrs: readonly string[]): { ms: number; rss: number | undefined; work: number } {
  const m = checked(runMeasured(process.execPath, ["--import", "tsx", CHILD, root, lockPath, ...attrs], { cwd: REPO }), "realising");
  const r = JSON.parse(m.stdout.trim().split("\n").pop() as string) as { ms: number; downloaded: number; unpacked: number };
  return { ms: r.ms, rss: m.peakRssMB, work: r.downloaded + r.unpacked };
}

const maxRss = (...xs: (number | undefined)[]): number | undefined => (xs.some((x) => x === undefined) ? undefined : Math.max(...(xs as number[])));
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

try {
  const warmup = new PackageSession({ root, lockPath, provider: "debian", debian: { maxListAgeMs: Infinity } });
  warmup.lookup("ripgrep", SYSTEM);
  const apt = warmup.debianProvider("amd64").apt();
  console.log(`archive: ${apt.describe()}; ${RUNS} run(s) each, medians; ratios to "apt install"\n`);
  const rows: string[][] = [["packages", "apt download", "apt install", "peak RSS", "ours cold", "ratio", "peak RSS", "ours warm", "ratio", "peak RSS"]];
  for (const [label, attrs] of Object.entries(SETS)) {
    const download: number[] = [];
    const install: number[] = [];
    const cold: number[] = [];
    const warm: number[] = [];
    let peerRss: number | undefined;
    let coldRss: number | undefined;
    let warmRss: number | undefined;
    for (let i = 0; i < RUNS; i++) {
      const archives = join(base, "archives");
      const scratch = join(base, "scratch-root");
      mkdirSync(join(archives, "partial"), { recursive: true });
      mkdirSync(scratch);
      allowApt(join(archives, "partial"));
      const packages = attrs.map((a) => debianNameFor(a).package);
      const args = ["-q", "install", "--download-only", "-y", "-o", `Dir::Cache::archives=${archives}`, ...packages];
      const got = checked(runMeasured("apt-get", args, { env: { ...process.env, ...apt.env } }), "apt-get --download-only");
      const debs = readdirSync(archives).filter((f) => f.endsWith(".deb")).sort().map((f) => join(archives, f));
      const unpack = checked(runMeasured("sh", ["-c", 'r=$1; shift; for d; do dpkg-deb -x "$d" "$r" || exit 1; done', "sh", scratch, ...debs]), "dpkg-deb -x");
      download.push(got.ms);
      install.push(got.ms + unpack.ms);
      peerRss = maxRss(got.peakRssMB, unpack.peakRssMB);
      rmSync(archives, { recursive: true, force: true });
      removeTree(scratch);
      reset();
      const c = ours(attrs);
      cold.push(c.ms);
      coldRss = c.rss;
      const w = ours(attrs);
      if (w.work !== 0) throw new Error("warm run did work");
      warm.push(w.ms);
      warmRss = w.rss;
    }
    const a = median(install);
    const c = median(cold);
    const w = median(warm);
    rows.push([
      label, secs(median(download)), secs(a), formatMB(peerRss),
      secs(c), `${(c / a).toFixed(2)}×`, formatMB(coldRss),
      `${w.toFixed(1)} ms`, `${(w / a).toFixed(3)}×`, formatMB(warmRss),
    ]);
  }
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i] as number)).join("  "));
  const du = runSync("du", ["-sh", join(root, STORE_DIR)]);
  console.log(`\nstore after the last run: ${du.stdout.split("\t")[0]}`);
} finally {
  removeTree(base);
}
