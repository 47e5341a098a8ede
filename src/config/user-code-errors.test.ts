/**
 * A TypeScript configuration that throws (at import, in a module
 * function, a getter, a lazy callback; an Error or any value) fails the
 * build as a user error at the configuration's line (exit 1), never as an
 * internal error; with or without source-mapped stacks.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../cli/main.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { nodeStandIn } from "../../test/helpers/engine.ts";
import { userCodeErrors } from "./user-code-errors.ts";

const header = `import { defineConfig, lazy } from "system-manager";\n\nexport default defineConfig({\n  modules: [\n    { nixpkgs: { hostPlatform: "x86_64-linux" } },\n`;

async function build(modules: string, prelude = "") {
  const dir = mkdtempSync(join(tmpdir(), "sm-throw-"));
  const file = join(dir, "system.config.ts");
  writeFileSync(file, header.replace("\n\n", `\n${prelude}\n`) + modules + "  ],\n});\n");
  const cache = mkdtempSync(join(tmpdir(), "sm-cache-"));
  const r = { out: "", err: "", stdout: (t: string) => void (r.out += t), stderr: (t: string) => void (r.err += t), env: { XDG_CACHE_HOME: cache, SYSTEM_MANAGER_PACKAGES: "off", SYSTEM_MANAGER_NODE: nodeStandIn() }, cwd: dir };
  const code = await main(["build", "--config", file, "--root", mkdtempSync(join(tmpdir(), "sm-root-"))], r);
  return { code, err: r.err, file, cache };
}

test("a module function that throws is a user error at its line", async () => {
  const r = await build(`    () => {\n      throw new Error("boom");\n    },\n`);
  assert.equal(r.code, 1, r.err);
  assert.ok(r.err.startsWith(`error: The configuration '${r.file}' threw Error: boom\n       at ${r.file}:7:13:\n`), r.err);
});

test("a getter, a lazy callback and a thrown non-Error are user errors", async () => {
  const getter = await build(`    {\n      get environment() { const x: any = undefined; return { etc: { a: { text: x.foo } } }; },\n    },\n`);
  assert.equal(getter.code, 1, getter.err);
  assert.match(getter.err, new RegExp(`threw TypeError: Cannot read properties of undefined \\(reading 'foo'\\)\\n       at ${getter.file}:7:82:`));
  const lazily = await build(`    { environment: { etc: { a: { text: lazy((): string => { throw new RangeError("later"); }) } } } },\n`);
  assert.equal(lazily.code, 1, lazily.err);
  assert.match(lazily.err, new RegExp(`threw RangeError: later\\n       at ${lazily.file}:6:`));
  const value = await build(`    () => {\n      throw "just a string";\n    },\n`);
  assert.equal(value.code, 1, value.err);
  assert.match(value.err, /threw "just a string"/);
  assert.doesNotMatch(value.err + getter.err + lazily.err, /internal error/);
});

test("an exception at import names the line that threw", async () => {
  const r = await build("", `const port = Number("x");\nif (Number.isNaN(port)) throw new Error("no port");\n`);
  assert.equal(r.code, 1, r.err);
  assert.match(r.err, new RegExp(`Cannot load the configuration '${r.file}': it threw Error: no port\\n       at ${r.file}:3:31:`));
});

test("an unmapped stack is mapped through the bundle's inline source map; our own errors stay bugs", async () => {
  const r = await build(`    () => {\n      throw new Error("boom");\n    },\n`);
  const dir = join(r.cache, "system-manager", "ts-config");
  const bundle = join(dir, readdirSync(dir).find((f) => f.endsWith(".mjs")) as string);
  const lines = readFileSync(bundle, "utf8").split("\n");
  const line = lines.findIndex((l) => l.includes('throw new Error("boom")')) + 1;
  const column = (lines[line - 1] as string).indexOf("new Error") + 1;
  const thrown = Object.assign(new Error("boom"), { stack: `Error: boom\n    at fn (file://${bundle}:${line}:${column})\n    at call (/src/config/config-modules.ts:32:18)` });
  const translated = userCodeErrors(r.file, bundle)(thrown);
  assert.ok(translated instanceof UserError);
  assert.deepEqual(translated.location, { file: r.file, line: 7, column: 13 });
  const ours = Object.assign(new TypeError("bug"), { stack: `TypeError: bug\n    at f (node:internal/x:1:1)\n    at g (/work/src/nix/value.ts:1:1)\n    at fn (file://${bundle}:${line}:${column})` });
  assert.equal(userCodeErrors(r.file, bundle)(ours), ours);
});
