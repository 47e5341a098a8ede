/**
 * A TypeScript module written as a function may interpolate a package
 * (`${pkgs.hello}/bin/hello`) in what it returns, though JavaScript forces
 * the template while the modules are still being collected, before
 * `nixpkgs.hostPlatform` says which store path that is: the definition
 * gets the package's store path, as in Nix. Reading the path otherwise
 * then (`pkgs.hello.outPath`, or a string cut from it) is a located error
 * that changes nothing. Through the built CLI (dist/), on temporary roots.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { STORE_DIR } from "../../src/store/store-path.ts";

const BIN = resolve(import.meta.dirname, "../../bin");
const HELLO = new RegExp(`^${STORE_DIR}/[0-9a-z]{32}-hello/bin/hello$`);

function scratch(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "sm-ts-interpolation-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Builds the system configuration whose module is `module` (TypeScript source) into a fresh root. */
function buildSystem(dir: string, module: string) {
  for (const d of ["cfg", "root"]) mkdirSync(join(dir, d));
  const config = join(dir, "cfg/system.config.ts");
  writeFileSync(config, `import { defineConfig } from "system-manager";\nexport default defineConfig({\n  modules: [\n${module}\n  ],\n});\n`);
  const r = spawnSync(process.execPath, [join(BIN, "system-manager.js"), "build", "--config", config, "--root", join(dir, "root")], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: dir, SYSTEM_MANAGER_PACKAGES: "off" },
  });
  return { ...r, config, generation: r.stdout.trim() };
}

test("a system module function interpolating packages gets their store paths, as a lazy read does", (t) => {
  const dir = scratch(t);
  const r = buildSystem(
    dir,
    `    ({ pkgs }) => ({
      nixpkgs: { hostPlatform: "x86_64-linux" },
      security: { wrappers: { ping: { source: \`\${pkgs.iputils.out}/bin/ping\`, owner: "root", group: "root", capabilities: "cap_net_raw+ep" } } },
      environment: { etc: { eager: { text: \`\${pkgs.hello}/bin/hello\` }, lazy: { get text() { return \`\${pkgs.hello}/bin/hello\`; } } } },
    }),`,
  );
  assert.equal(r.status, 0, r.stderr);
  const eager = readFileSync(join(r.generation, "etc/eager"), "utf8");
  assert.match(eager, HELLO);
  assert.equal(eager, readFileSync(join(r.generation, "etc/lazy"), "utf8"));
  const wrappers = readFileSync(join(r.generation, "etc/system-manager/security-wrappers"), "utf8");
  assert.match(wrappers, new RegExp(`${STORE_DIR}/[0-9a-z]{32}-iputils/bin/ping`));
});

test("reading a package's outPath while the modules are collected is an error at that line, and builds nothing", (t) => {
  const dir = scratch(t);
  const r = buildSystem(
    dir,
    `    ({ pkgs }) => ({
      nixpkgs: { hostPlatform: "x86_64-linux" },
      environment: { etc: { x: { text: pkgs.hello.outPath } } },
    }),`,
  );
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^error: infinite recursion encountered: `pkgs' depends on `nixpkgs.hostPlatform', which is not known while the modules are still being collected/);
  assert.match(r.stderr, /interpolate it in a template string, or read it in a getter or `lazy\(\(\) => …\)'/);
  assert.ok(r.stderr.includes(`at ${r.config}:6:`), r.stderr);
  assert.doesNotMatch(r.stderr, /internal error/);
  assert.deepEqual(readdirSync(join(dir, "root")), []);
});

test("a string cut from a package's path while the modules are collected is an error naming the package, at its definition", (t) => {
  const dir = scratch(t);
  const r = buildSystem(
    dir,
    `    ({ pkgs }) => ({
      nixpkgs: { hostPlatform: "x86_64-linux" },
      environment: { etc: { x: { text: \`\${pkgs.hello}\`.slice(1).toUpperCase() } } },
    }),`,
  );
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^error: a string was made from 'pkgs.hello' before its value was known .* and then changed/);
  assert.ok(r.stderr.includes(`at ${r.config}:6:`), r.stderr);
  assert.match(r.stderr, /while evaluating the option `environment.etc.x.text'/);
});

test("a home module function interpolating a package gets its store path (home-manager switch)", (t) => {
  const home = scratch(t);
  const dir = join(home, ".config/home-manager");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "home.config.ts"),
    `import { defineHomeConfig } from "system-manager";
export default defineHomeConfig({
  modules: [({ pkgs }) => ({ home: { stateVersion: "25.05", file: { hello: { text: \`\${pkgs.hello}/bin/hello\` } } } })],
});
`,
  );
  const r = spawnSync(process.execPath, [join(BIN, "home-manager.js"), "switch"], {
    encoding: "utf8",
    cwd: home,
    env: { PATH: process.env.PATH, HOME: home, USER: "bob", SYSTEM_MANAGER_PACKAGES: "off" },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(readFileSync(join(home, "hello"), "utf8"), HELLO);
});
