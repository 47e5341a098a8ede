/**
 * The child process of bench/packages.ts: realises `pkgs.<attr>` for each
 * attr in a fresh PackageSession (resolving what the lock does not pin,
 * then download, verify, unpack, patch) and prints {"ms", "downloaded",
 * "unpacked"} as JSON: ms is the in-process time of lookup + realise +
 * saveLock, without Node's and tsx's start-up. Run as
 * `node --import tsx bench/lib/packages-realise.ts ROOT LOCK ATTR…`, so
 * that runMeasured can report the whole process's peak RSS.
 */
import { performance } from "node:perf_hooks";
import { PackageSession } from "../../src/packages/package-session.ts";

const [root, lockPath, ...attrs] = process.argv.slice(2);
if (root === undefined || lockPath === undefined || attrs.length === 0) throw new Error("usage: packages-realise.ts ROOT LOCK ATTR…");
const t = performance.now();
const s = new PackageSession({ root, lockPath, provider: "debian", debian: { maxListAgeMs: Infinity } });
const stats = await s.realise(attrs.map((a) => s.lookup(a, "x86_64-linux").outPath));
s.saveLock();
console.log(JSON.stringify({ ms: performance.now() - t, downloaded: stats.downloaded, unpacked: stats.unpacked }));
