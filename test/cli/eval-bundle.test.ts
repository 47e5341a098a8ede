/**
 * `eval --expr|--file` runs from its own small bundle (dist/eval-cli.cjs,
 * src/cli/eval-main.ts), which the launcher loads without the whole CLI:
 * it holds the evaluator but not the Nix lib, the module system, our
 * option modules or the flake fetchers; a launcher beside it and nothing
 * else of dist/ evaluates an expression and a file, reports errors as the
 * CLI does, and hands --flake on to the whole CLI; a dist/ without it
 * still evaluates. Run `node scripts/build.mjs` first (as every CLI test).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { partialInstall } from "../helpers/partial-install.ts";

const repo = join(import.meta.dirname, "../..");
const dist = join(repo, "dist");
const scratch = mkdtempSync(join(tmpdir(), "sm-eval-bundle-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
const env = { ...process.env, XDG_CACHE_HOME: join(scratch, "cache"), SYSTEM_MANAGER_LARGE_STACK: undefined };

const install = (name: string, files: readonly string[]) => partialInstall(scratch, name, files);

const run = (cli: string, args: readonly string[], cwd = scratch) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", env, cwd });

test("the eval bundle holds the evaluator, and neither the Nix lib, the module system, our modules nor the fetchers", () => {
  const text = readFileSync(join(dist, "eval-cli.cjs"), "utf8");
  const sources = new Set([...text.matchAll(/^\/\/ (src\/\S+\.ts)$/gm)].map((m) => m[1]));
  assert.ok(sources.has("src/nix/eval/evaluator.ts") && sources.has("src/nix/builtins/index.ts"), "the evaluator is in it");
  const heavy = [...sources].filter((s) => /^src\/(nix\/lib|module-system|modules|flake\/fetch|packages|build\/eval-cache)\//.test(s) || s === "src/flake/flake-system.ts");
  assert.deepEqual(heavy, []);
});

test("with only the eval bundle in dist/, eval evaluates an expression and a file, and reports errors as the CLI does", () => {
  const cli = install("alone", ["eval-cli.cjs"]);
  const expr = run(cli, ["eval", "--expr", "{ a = 1 + 2; b = [ \"x\" ]; }", "--json"]);
  assert.equal(expr.stderr, "");
  assert.equal(expr.stdout, '{"a":3,"b":["x"]}\n');
  assert.equal(expr.status, 0);
  writeFileSync(join(scratch, "f.nix"), "let x = import ./g.nix; in x * 2\n");
  writeFileSync(join(scratch, "g.nix"), "21\n");
  const file = run(cli, ["eval", "--file", "f.nix"]);
  assert.equal(file.stdout, "42\n");
  assert.equal(file.status, 0);
  const bad = run(cli, ["eval", "--expr", "1 +"]);
  assert.match(bad.stderr, /^error: syntax error, unexpected end of file/);
  assert.equal(bad.status, 1);
  const both = run(cli, ["eval", "--expr", "1", "--file", "f.nix"]);
  assert.equal(both.stderr, "error: Supply exactly one of --expr EXPR, --file FILE or --flake DIR#ATTR.PATH.\n");
  assert.equal(both.status, 1);
  const help = run(cli, ["eval", "--help"]);
  assert.match(help.stdout, /^Usage: system-manager eval /);
  assert.equal(help.status, 0);
});

test("eval --flake is handed on to the whole CLI (which this dist/ lacks)", () => {
  const cli = install("flake-handed-on", ["eval-cli.cjs"]);
  const r = run(cli, ["eval", "--flake", `${scratch}#x`]);
  assert.match(r.stderr, /ENOENT: no such file or directory, open '.*\/dist\/cli\.cjs'/);
  assert.notEqual(r.status, 0);
});

test("a dist/ without the eval bundle still evaluates, through the whole CLI", () => {
  const cli = install("no-bundle", readdirSync(dist).filter((f) => f !== "eval-cli.cjs" && !f.startsWith(".")));
  const r = run(cli, ["eval", "--expr", "builtins.length [ 1 2 3 ]"]);
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, "3\n");
});
