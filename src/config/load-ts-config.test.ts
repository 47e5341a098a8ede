import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadTsConfig } from "./load-ts-config.ts";
import { evaluateSystem } from "../build/evaluate-system.ts";
import type { Evaluation } from "../module-system/eval-modules.ts";
import { jsLib } from "../module-system/js-lib.ts";
import { toJS } from "../nix/js-value.ts";
import { force, NixAttrs, type Lazy } from "../nix/value.ts";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const fixture = (name: string) => join(repo, "test", "config", name, "system.config.ts");
const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), `sm-${prefix}-`));

async function evaluate(file: string): Promise<{ ev: Evaluation; config: Record<string, any>; files: string[] }> {
  const { modules, files } = await loadTsConfig(file, { cacheDir: tempDir("cache") });
  // As the build evaluates a system: with the system modules and `pkgs`.
  const ev = evaluateSystem(modules).evaluation;
  return { ev, config: toJS(ev.config) as Record<string, any>, files };
}

test("loads object modules, function modules and modules imported from other files", async () => {
  const { config, files } = await evaluate(fixture("basic"));
  assert.equal(config.services.userborn.enable, true);
  assert.equal(config.nix.enable, true, "the function module's mkIf(() => config…) condition");
  assert.equal(config.users.groups.staff.gid, 50);
  assert.equal(config.probe.shell, "/bin/sh");
  assert.deepEqual(files, [fixture("basic"), join(repo, "test/config/basic/staff-module.ts")]);
});

test("the system-manager import gives the running CLI's own lib and types", async () => {
  const { ev, config } = await evaluate(fixture("basic"));
  assert.equal(config.probe.sameLib, true);
  assert.equal(config.probe.sameTypes, true);
  const probe = force(ev.options.lazy("probe") as Lazy) as NixAttrs;
  const sameLib = force(probe.lazy("sameLib") as Lazy) as NixAttrs;
  assert.equal(sameLib.get("type"), jsLib.types.bool);
});

test("definitions carry the file and line of their keys, nested keys included", async () => {
  const { modules } = await loadTsConfig(fixture("basic"), { cacheDir: tempDir("cache") });
  const wrapper = force(modules[0] as Lazy) as NixAttrs;
  assert.equal(wrapper.get("_file"), fixture("basic"));
  const module = force((wrapper.get("imports") as Lazy[])[0] as Lazy) as NixAttrs;
  const services = module.get("services") as NixAttrs;
  const userborn = services.get("userborn") as NixAttrs;
  assert.deepEqual(module.pos?.get("services"), { file: fixture("basic"), line: 14, column: 7 });
  assert.deepEqual(userborn.pos?.get("enable"), { file: fixture("basic"), line: 14, column: 31 });
});

test("conflicting definitions name each definition's file:line", async () => {
  const { ev } = await evaluate(fixture("conflict"));
  const users = toJS(ev.config.lazy("users") as Lazy) as Record<string, any>;
  assert.throws(
    () => users.users.alice.uid,
    (e: Error) =>
      e.message.includes(`In \`${fixture("conflict")}:11': 1000`) &&
      e.message.includes(`In \`${join(repo, "test/config/conflict/other-module.ts")}:5': 2000`),
  );
});

test("the example configuration (the seed) loads and evaluates", async () => {
  const { config } = await evaluate(join(repo, "examples", "home-manager", "system.config.ts"));
  assert.equal(config.nixpkgs.hostPlatform, "x86_64-linux");
  assert.equal(config.services.userborn.enable, true);
  assert.equal(config.nix.enable, true);
  assert.equal(config.users.groups.alice.gid, 5000);
  const alice = config.users.users.alice;
  assert.deepEqual(
    { isNormalUser: alice.isNormalUser, uid: alice.uid, group: alice.group, home: alice.home, createHome: alice.createHome },
    { isNormalUser: true, uid: 5000, group: "alice", home: "/home/alice", createHome: true },
  );
  const hm = config["home-manager"];
  assert.deepEqual([hm.useGlobalPkgs, hm.useUserPackages, hm.backupFileExtension], [true, true, "bak"]);
  assert.equal(hm.users.alice.home.file[".config/example/hello.txt"].text, "Hello from home-manager!\n");
  assert.equal(hm.users.alice.programs.git.settings.user.name, "Alice");
  assert.deepEqual(alice.packages.map((p: { pname: string }) => p.pname), ["ripgrep", "git"], "programs.git installs git, as in home-manager");
});

test("a second load of an unchanged config skips the type check and the bundling", async () => {
  const dir = tempDir("cached");
  const cacheDir = join(dir, "cache");
  const file = join(dir, "system.config.ts");
  writeFileSync(file, `import { defineConfig } from "system-manager";\nexport default defineConfig({ modules: [{ nix: { enable: true } }] });\n`);
  const first = await loadTsConfig(file, { cacheDir });
  assert.deepEqual(first.cached, { typeCheck: false, bundle: false });
  const second = await loadTsConfig(file, { cacheDir });
  assert.deepEqual(second.cached, { typeCheck: true, bundle: true });
  assert.equal(second.modules.length, 1);
  const cacheFiles = readdirSync(join(cacheDir, "ts-config"));
  assert.equal(cacheFiles.filter((f) => f.endsWith(".json")).length, 1);
  assert.equal(cacheFiles.filter((f) => f.endsWith(".mjs")).length, 1);

  writeFileSync(file, `import { defineConfig } from "system-manager";\nexport default defineConfig({ modules: [{ nix: { enable: false } }] });\n`);
  const third = await loadTsConfig(file, { cacheDir });
  assert.deepEqual(third.cached, { typeCheck: false, bundle: false });
  assert.equal(readdirSync(join(cacheDir, "ts-config")).filter((f) => f.endsWith(".mjs")).length, 1, "the old bundle is removed");
});

test("a configuration's import.meta names its own file and directory, as a module imported from beside it does (not the bundle in the cache)", async () => {
  const dir = tempDir("meta");
  writeFileSync(join(dir, "part.ts"), `export const here = import.meta.dirname;\n`);
  writeFileSync(
    join(dir, "system.config.ts"),
    `import { defineConfig } from "system-manager";\nimport { here } from "./part.ts";\nexport default defineConfig({ modules: [{ nixpkgs: { hostPlatform: "x86_64-linux" }, environment: { etc: { a: { source: new URL("./a.txt", import.meta.url).pathname }, b: { text: here } } } }] });\n`,
  );
  const { config } = await evaluate(join(dir, "system.config.ts"));
  assert.equal(config.environment.etc.a.source, join(dir, "a.txt"));
  assert.equal(config.environment.etc.b.text, dir);
});

test("a file: URL is the path it names (a trailing slash dropped, escapes decoded); another URL is refused saying so", async () => {
  const dir = tempDir("url");
  const config = (value: string) => {
    writeFileSync(join(dir, "system.config.ts"), `import { defineConfig } from "system-manager";\nexport default defineConfig({ modules: [{ nixpkgs: { hostPlatform: "x86_64-linux" }, environment: { etc: { a: { source: ${value} } } } }] });\n`);
    return join(dir, "system.config.ts");
  };
  const { config: cfg } = await evaluate(config(`new URL("./dot%20dir/", import.meta.url)`));
  assert.equal(String(cfg.environment.etc.a.source), join(dir, "dot dir"));
  await assert.rejects(evaluate(config(`new URL("https://example.com/x")`)).then((r) => r.config.environment.etc.a.source), /Cannot use the URL https:\/\/example\.com\/x as a configuration value: only a file: URL stands for a path/);
});
