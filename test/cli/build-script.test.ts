/**
 * scripts/build.mjs: dist/ is written atomically and only where it changed,
 * so two builds at once never let a reader load a half-written file, and
 * a rebuild with no change leaves dist/ untouched; dist/engine.cjs is one
 * self-contained file, and its build is skipped while its entry is absent;
 * a build whose activation CLI would hold the evaluator fails.
 * Each test builds a scratch checkout (this script and package.json copied,
 * src/ and node_modules/ linked to this one's) into a temporary out dir.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "sm-build-script-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A checkout whose package.json says `version`; src/engine is this one's `engine` files, or absent. */
function checkout(name: string, version: string, engine?: Record<string, string>): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, "scripts"), { recursive: true });
  copyFileSync(join(repo, "scripts/build.mjs"), join(dir, "scripts/build.mjs"));
  copyFileSync(join(repo, "tsconfig.json"), join(dir, "tsconfig.json"));
  const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as Record<string, unknown>;
  writeFileSync(join(dir, "package.json"), JSON.stringify({ ...pkg, version }));
  mkdirSync(join(dir, "node_modules"));
  for (const m of readdirSync(join(repo, "node_modules"))) symlinkSync(join(repo, "node_modules", m), join(dir, "node_modules", m));
  mkdirSync(join(dir, "src"));
  for (const s of readdirSync(join(repo, "src"))) if (s !== "engine") symlinkSync(join(repo, "src", s), join(dir, "src", s));
  symlinkSync(join(repo, "bin"), join(dir, "bin"));
  for (const [rel, text] of Object.entries(engine ?? {})) {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

function buildSync(tree: string, out: string): void {
  const r = spawnSync(process.execPath, [join(tree, "scripts/build.mjs"), "--outdir", out], { encoding: "utf8" });
  assert.equal(r.stderr, "");
  assert.equal(r.status, 0);
}

/** Runs `count` builds of `tree` into `out`, one after the other; resolves to the first failure's output, or undefined. */
async function buildLoop(tree: string, out: string, count: number): Promise<string | undefined> {
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, [join(tree, "scripts/build.mjs"), "--outdir", out], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    if (code !== 0) return `build ${i + 1} of ${tree} exited ${code}: ${output}`;
  }
  return undefined;
}

type Snapshot = Record<string, { mtimeMs: number; ino: number; size: number }>;
function snapshot(dir: string): Snapshot {
  const s: Snapshot = {};
  for (const name of readdirSync(dir).sort()) {
    const st = lstatSync(join(dir, name));
    s[name] = { mtimeMs: st.mtimeMs, ino: st.ino, size: st.size };
  }
  return s;
}

// Imports the entries again and again (a fresh module record each time, so each import reads the file again),
// until the file `stop` exists; exits 1 at the first import that fails.
const READER = `
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
const require = createRequire(import.meta.url);
const [out, stop] = process.argv.slice(2);
let n = 0;
while (!existsSync(stop)) {
  n++;
  for (const entry of ["cli.cjs", "index.js"]) {
    try {
      const file = out + "/" + entry;
      delete require.cache[file];
      const m = entry === "cli.cjs" ? require(file) : await import(pathToFileURL(file).href + "?n=" + n);
      if (entry === "cli.cjs" && typeof m.main !== "function") throw new Error("cli.cjs has no main");
      if (entry === "index.js" && typeof m.defineConfig !== "function") throw new Error("index.js has no defineConfig");
    } catch (e) {
      console.log("import " + n + " of " + entry + " failed: " + (e && e.stack || e));
      process.exit(1);
    }
  }
}
console.log(String(n));
`;

test("two builds at once into a dist/ in use: every import of the entries succeeds", async () => {
  const a = checkout("concurrent-a", "0.0.0-a");
  const b = checkout("concurrent-b", "0.0.0-b");
  const out = join(scratch, "concurrent-out");
  buildSync(a, out);
  const stop = join(scratch, "concurrent-stop");
  writeFileSync(join(scratch, "reader.mjs"), READER);
  const reader = spawn(process.execPath, [join(scratch, "reader.mjs"), out, stop], { stdio: ["ignore", "pipe", "inherit"] });
  let readerOut = "";
  reader.stdout.on("data", (d) => (readerOut += d));
  const readerDone = new Promise<number | null>((resolve) => reader.on("close", resolve));
  // The two checkouts differ in __VERSION__, so each build rewrites the entries the other one wrote.
  const failures = await Promise.all([buildLoop(a, out, 4), buildLoop(b, out, 4)]);
  writeFileSync(stop, "");
  const code = await readerDone;
  assert.deepEqual(failures, [undefined, undefined]);
  assert.equal(code, 0, readerOut);
  assert.ok(Number(readerOut) > 0, readerOut);
  assert.deepEqual(readdirSync(out).filter((f) => f.includes(".tmp-")), [], "no temporary files are left");
  // Whichever build renamed last, the entry and the chunks it imports agree.
  const r = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(join(out, "cli.cjs"))}).main(["--version"]).then((c) => (process.exitCode = c))`], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^system-manager 0\.0\.0-[ab]\n$/);
});

const ENGINE = {
  "src/engine/main.ts": `import { UserError } from "../diagnostics/user-error.ts";
import { eol } from "sm-test-cjs";
declare const __VERSION__: string;
class Pair {
  /** Left → right (a comment esbuild keeps, with a character outside ASCII). */
  readonly arrow = "é";
}
console.log(JSON.stringify({ version: __VERSION__, userError: new UserError("x") instanceof Error, eol, arrow: new Pair().arrow }));
`,
  "node_modules/sm-test-cjs/package.json": JSON.stringify({ name: "sm-test-cjs", version: "1.0.0", main: "index.js" }),
  "node_modules/sm-test-cjs/index.js": `const os = require("node:os");\nmodule.exports = { eol: os.EOL };\n`,
};

test("a rebuild with no change writes nothing: the same files, inodes and mtimes", () => {
  const tree = checkout("unchanged", "0.0.0-u", ENGINE);
  const out = join(scratch, "unchanged-out");
  buildSync(tree, out);
  const before = snapshot(out);
  assert.ok(["cli.cjs", "activation-cli.cjs", "cli-worker.cjs", "eval-cli.cjs", "index.js", "engine.cjs"].every((f) => f in before));
  buildSync(tree, out);
  assert.deepEqual(snapshot(out), before);
});

test("dist/engine.cjs is one self-contained CommonJS file in strict mode and ASCII, runnable alone (under any package.json), without a #! line", () => {
  const tree = checkout("engine", "0.0.0-e", ENGINE);
  const out = join(scratch, "engine-out");
  buildSync(tree, out);
  const alone = mkdtempSync(join(scratch, "engine-alone-"));
  copyFileSync(join(out, "engine.cjs"), join(alone, "engine.cjs"));
  writeFileSync(join(alone, "package.json"), JSON.stringify({ type: "module" }));
  const bytes = readFileSync(join(alone, "engine.cjs"));
  assert.ok(bytes.every((b) => b < 0x80), "engine.cjs is ASCII");
  const text = bytes.toString("latin1");
  assert.match(text, /Left \\u2192 right/, "a kept comment's character outside ASCII is escaped");
  assert.ok(text.startsWith('"use strict";\n'));
  assert.doesNotMatch(text, /^\s*import\s/m, "no ES module syntax");
  assert.deepEqual([...new Set(text.match(/require\("[^"]*"\)/g))].filter((r) => !r.startsWith('require("node:')), [], "only Node's built-ins are required");
  const r = spawnSync(process.execPath, [join(alone, "engine.cjs")], { encoding: "utf8" });
  assert.equal(r.stderr, "");
  assert.deepEqual(JSON.parse(r.stdout), { version: "0.0.0-e", userError: true, eol: "\n", arrow: "é" });
});

test("the CommonJS bundles are ASCII, and their first line is the hash of their content, which a rebuild of other code changes", () => {
  const hashes = ["0.0.0-h1", "0.0.0-h2"].map((version) => {
    const out = join(scratch, `hash-out-${version}`);
    buildSync(checkout(`hash-${version}`, version), out);
    return ["cli.cjs", "activation-cli.cjs", "cli-worker.cjs", "eval-cli.cjs"].map((f) => {
      const bytes = readFileSync(join(out, f));
      assert.ok(bytes.every((b) => b < 0x80), `${f} is ASCII`);
      const text = bytes.toString("latin1");
      const m = /^\/\/ system-manager bundle sha256:([0-9a-f]{64})\n/.exec(text);
      assert.ok(m !== null, `${f} starts with its hash line`);
      assert.equal(createHash("sha256").update(text.replace(m[1] as string, "0".repeat(64))).digest("hex"), m[1]);
      return m[1];
    });
  });
  assert.notEqual(hashes[0]?.[0], hashes[1]?.[0], "another version is another cli.cjs");
});

test("without src/engine/main.ts the build succeeds and makes no engine.cjs", () => {
  const tree = checkout("no-engine", "0.0.0-n");
  const out = join(scratch, "no-engine-out");
  buildSync(tree, out);
  assert.ok(existsSync(join(out, "cli.cjs")));
  assert.ok(!existsSync(join(out, "engine.cjs")));
});

test("stale chunks are kept for a day after they were first seen stale; old temporary files are removed", () => {
  const tree = checkout("stale", "0.0.0-s");
  const out = join(scratch, "stale-out");
  mkdirSync(out);
  writeFileSync(join(out, "chunk-OLD00000.js"), "export {};\n");
  const tmp = join(out, ".cli.js.tmp-1-0badf00d");
  writeFileSync(tmp, "half");
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);
  utimesSync(join(out, "chunk-OLD00000.js"), hoursAgo(48), hoursAgo(48));
  buildSync(tree, out);
  assert.ok(existsSync(join(out, "chunk-OLD00000.js")), "a chunk that just went stale is kept, however old its mtime");
  assert.ok(existsSync(tmp), "a recent temporary file may be another build's");
  const record = JSON.parse(readFileSync(join(out, ".build-stale.json"), "utf8")) as Record<string, number>;
  assert.deepEqual(Object.keys(record), ["chunk-OLD00000.js"]);
  writeFileSync(join(out, ".build-stale.json"), JSON.stringify({ "chunk-OLD00000.js": Date.now() - 25 * 3600_000 }));
  utimesSync(tmp, hoursAgo(2), hoursAgo(2));
  buildSync(tree, out);
  assert.ok(!existsSync(join(out, "chunk-OLD00000.js")));
  assert.ok(!existsSync(tmp));
  assert.ok(!existsSync(join(out, ".build-stale.json")), "nothing stale is left to remember");
  assert.ok(existsSync(join(out, "cli.cjs")));
});

test("a build whose activation CLI would hold the evaluator fails, naming what it would hold, and writes nothing", () => {
  const tree = checkout("evaluator", "0.0.0-x");
  // src/cli of this checkout copied, its activation entry importing the module system.
  rmSync(join(tree, "src/cli"));
  cpSync(join(repo, "src/cli"), join(tree, "src/cli"), { recursive: true });
  const entry = join(tree, "src/cli/activation-bundle.ts");
  writeFileSync(entry, `import "../module-system/js-lib.ts";\n${readFileSync(entry, "utf8")}`);
  const out = join(scratch, "evaluator-out");
  const r = spawnSync(process.execPath, [join(tree, "scripts/build.mjs"), "--outdir", out], { encoding: "utf8" });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /dist\/activation-cli\.cjs would hold the evaluator: .*src\/module-system\/js-lib\.ts/);
  assert.ok(!existsSync(out) || readdirSync(out).length === 0);
});
