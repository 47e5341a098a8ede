// Runs every benchmark in this folder (bench/*.ts, bench/*.mjs), one after
// the other, and exits non-zero naming each one that failed.
//
//   node bench/run.mjs [--smoke] [--require-peers] [NAME…]
//
// --smoke: each benchmark at a few users, files or modules (BENCH_SMOKE=1),
// to show that all of them still run; their times mean nothing, and a peer
// that is not installed is skipped with a "peer X not installed: skipped"
// line instead of failing the run. --require-peers (BENCH_REQUIRE_PEERS=1):
// a missing peer fails the smoke run too. NAMEs run only the benchmarks
// whose file names contain one of them.
import { readdirSync } from "node:fs";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({ options: { smoke: { type: "boolean" }, "require-peers": { type: "boolean" } }, allowPositionals: true });
const dir = fileURLToPath(new URL(".", import.meta.url));
const files = readdirSync(dir)
  .sort()
  .filter((f) => f !== "run.mjs" && /\.(mjs|ts)$/.test(f) && (positionals.length === 0 || positionals.some((p) => f.includes(p))));
if (files.length === 0) {
  console.error(`no benchmark matches ${positionals.join(" ")}`);
  process.exit(1);
}
const env = { ...process.env };
if (values.smoke) env.BENCH_SMOKE = "1";
if (values["require-peers"]) env.BENCH_REQUIRE_PEERS = "1";

// What a benchmark prints when a peer, or the whole benchmark, could not run.
const SKIP = /^(peer \S+ not installed: skipped|\S+ bench skipped:)/;
const failed = [];
const skipped = [];
const started = Date.now();
for (const f of files) {
  console.log(`== ${f}${values.smoke ? " (smoke)" : ""}`);
  const t = Date.now();
  const child = spawn(process.execPath, [...(f.endsWith(".ts") ? ["--import", "tsx"] : []), dir + f], { stdio: ["ignore", "pipe", "inherit"], env });
  // Output is passed on as it comes, and skip notices are collected for the summary.
  let pending = "";
  child.stdout.on("data", (chunk) => {
    process.stdout.write(chunk);
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const l of lines) if (SKIP.test(l)) skipped.push(`${f}: ${l}`);
  });
  const [code, signal] = await new Promise((resolve) => child.on("close", (c, s) => resolve([c, s])));
  if (SKIP.test(pending)) skipped.push(`${f}: ${pending}`);
  const secs = ((Date.now() - t) / 1000).toFixed(1);
  if (code === 0) console.log(`-- ${f}: ok (${secs} s)\n`);
  else {
    const why = signal !== null ? `killed by ${signal}` : `exit code ${code}`;
    failed.push(`${f} (${why})`);
    console.log(`-- ${f}: FAILED, ${why} (${secs} s)\n`);
  }
}

console.log(`${files.length} benchmark(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const s of skipped) console.log(`skipped: ${s}`);
if (failed.length > 0) {
  console.error(`FAILED: ${failed.join(", ")}`);
  process.exit(1);
}
