import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadTsConfig } from "./load-ts-config.ts";
import { bundleConfig } from "./bundle-config.ts";
import { UserError } from "../diagnostics/user-error.ts";

/** Writes `source` as a config file in a fresh directory and loads it, expecting a UserError. */
async function loadError(source: string): Promise<{ error: UserError; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), "sm-config-error-"));
  const file = join(dir, "system.config.ts");
  writeFileSync(file, source);
  try {
    await loadTsConfig(file, { cacheDir: join(dir, "cache") });
  } catch (e) {
    assert.ok(e instanceof UserError, `expected a UserError, got ${String(e)}`);
    return { error: e, file };
  }
  assert.fail("the configuration loaded");
}

const header = `import { defineConfig } from "system-manager";\n`;

test("a syntax error is reported with file:line:column", async () => {
  const { error, file } = await loadError(`${header}export default defineConfig({\n  modules: [{ nix: { enable: true } ],\n});\n`);
  assert.deepEqual(error.location, { file, line: 3, column: 37 });
  assert.match(error.message, /1 syntax error\n/);
  assert.ok(error.message.includes(`${file}:3:37: ',' expected. (TS1005)`), error.message);
});

test("a type error is reported with file:line:column and the compiler's message", async () => {
  const { error, file } = await loadError(`${header}export default defineConfig({\n  modules: [{ nix: { enable: "yes" } }],\n});\n`);
  assert.deepEqual(error.location, { file, line: 3, column: 22 });
  assert.ok(error.message.includes(`${file}:3:22: Type 'string' is not assignable to type 'Def<boolean> | undefined'. (TS2322)`), error.message);
});

test("an unknown option name is caught by the type checker", async () => {
  const { error, file } = await loadError(`${header}export default defineConfig({\n  modules: [{ services: { userborn: { enbale: true } } }],\n});\n`);
  assert.deepEqual(error.location, { file, line: 3, column: 39 });
  assert.match(error.message, /'enbale' does not exist in type 'Def<SystemServicesUserborn>'/);
});

test("every type error is reported at once, located at the first", async () => {
  const source = `${header}export default defineConfig({\n  modules: [\n    { nix: { enable: 1 } },\n    ({ lib }) => ({ users: { users: { alice: lib.mkIf(true, { uidd: 1 }) } } }),\n  ],\n});\n`;
  const { error, file } = await loadError(source);
  assert.equal(error.location?.line, 4);
  assert.match(error.message, /2 type errors\n/);
  assert.ok(error.message.includes(`${file}:4:14:`), error.message);
  assert.ok(error.message.includes(`${file}:5:63: Object literal may only specify known properties, and 'uidd'`), error.message);
});

test("a syntax error found by esbuild is reported with file:line:column", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-config-error-"));
  const file = join(dir, "system.config.ts");
  writeFileSync(file, `export default {\n  modules: [,,\n  ]]\n};\n`);
  const error = await bundleConfig(file, []).then(
    () => assert.fail("bundled"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof UserError);
  assert.deepEqual(error.location, { file, line: 3, column: 4 });
  assert.ok(error.message.includes(`${file}:3:4: Expected "}" but found "]"`), error.message);
});

test("an exception thrown while the config loads names the config file", async () => {
  const { error, file } = await loadError(`${header}const port: number = Number("x");\nif (Number.isNaN(port)) throw new Error("no port");\nexport default defineConfig({ modules: [] });\n`);
  assert.equal(error.location?.file, file);
  assert.equal(error.message, `Cannot load the configuration '${file}': it threw Error: no port`);
});

test("a default export that is not a configuration is reported", async () => {
  const { error, file } = await loadError(`export default 42;\n`);
  assert.match(error.message, new RegExp(`Cannot load the configuration '${file}': its default export must be`));
});

test("a missing file, a directory and a loop of links are reported as what they are", async () => {
  await assert.rejects(loadTsConfig("/nonexistent/system.config.ts", { cacheDir: tmpdir() }), /Cannot load the configuration '\/nonexistent\/system.config.ts': no such file$/);
  const dir = mkdtempSync(join(tmpdir(), "sm-config-kinds-"));
  await assert.rejects(loadTsConfig(dir, { cacheDir: tmpdir() }), { message: `Cannot load the configuration '${dir}': it is a directory (give its .ts file, or --flake for a flake's directory)` });
  symlinkSync(join(dir, "b.ts"), join(dir, "a.ts"));
  symlinkSync(join(dir, "a.ts"), join(dir, "b.ts"));
  await assert.rejects(loadTsConfig(join(dir, "a.ts"), { cacheDir: tmpdir() }), { message: `Cannot load the configuration '${join(dir, "a.ts")}': Too many levels of symbolic links` });
});

test("a definition of an option the types do not know says how a configuration types options its modules declare", async () => {
  const { error } = await loadError(`import { defineConfig } from "system-manager";\nexport default defineConfig({ modules: [{ my: { enable: true } }] });\n`);
  assert.match(error.message, /'my' does not exist in type 'Module<SystemConfig>'\. \(TS2353\)\n {2}If 'my' is an option a module of this configuration declares, type the configuration with `satisfies ConfigWith<\{ my: … \}>` \(from "system-manager"\) instead of defineConfig\./);
});
