/**
 * The evaluation cache, end to end through the installed CLI (dist/): a
 * second build or switch of an unchanged flake does not evaluate (the
 * flake's builtins.trace is printed only when it is evaluated) and gives
 * the same generation; changing an imported file, a file it reads, the
 * package lock, the environment an --impure evaluation read, or removing
 * the generation from the store makes it evaluate again; --no-eval-cache
 * always evaluates; an input whose stand-in served because it could not
 * be fetched is cached only --offline, keyed on the fetch cache.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { systemFlake } from "../helpers/scratch-flake.ts";

const CLI = resolve(import.meta.dirname, "../../bin/system-manager.js");
const TRACE = "trace: evaluating the flake";

function setup(extraFlake = "") {
  const { dir, flake, root, env: base } = systemFlake("sm-eval-cache-", `./module.nix { nixpkgs.hostPlatform = "x86_64-linux"; }`, extraFlake);
  writeFileSync(join(flake, "module.nix"), `{ ... }: builtins.trace "evaluating the flake" { environment.etc."motd".text = builtins.readFile ./motd.txt + builtins.getEnv "GREETING"; }\n`);
  writeFileSync(join(flake, "motd.txt"), "hello\n");
  const run = (command: string, args: string[] = [], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [CLI, command, "--flake", flake, "--root", root, ...args], {
      encoding: "utf8",
      env: { ...base, ...env },
    });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split("\n");
    const path = command === "build" ? lines.at(-1) : lines.find((l) => l.includes("/store/"));
    return { evaluated: r.stderr.includes(TRACE), path: path as string, stderr: r.stderr };
  };
  return { dir, flake, root, run };
}

test("a second build of an unchanged flake does not evaluate; each change it depends on evaluates again", () => {
  const { flake, root, run } = setup();
  const first = run("build");
  assert.ok(first.evaluated);
  const again = run("build");
  assert.equal(again.evaluated, false, "an unchanged flake is not evaluated again");
  assert.equal(again.path, first.path);

  writeFileSync(join(flake, "motd.txt"), "changed\n");
  const read = run("build");
  assert.ok(read.evaluated, "a file the evaluation read changed");
  assert.notEqual(read.path, first.path);
  assert.equal(run("build").evaluated, false);

  writeFileSync(join(flake, "module.nix"), `{ ... }: builtins.trace "evaluating the flake" { environment.etc."motd".text = builtins.readFile ./motd.txt + "!"; }\n`);
  const imported = run("build");
  assert.ok(imported.evaluated, "an imported file changed");
  assert.notEqual(imported.path, read.path);

  writeFileSync(join(flake, "system-manager.lock"), JSON.stringify({ version: 3, packages: {} }));
  assert.ok(run("build").evaluated, "the package lock appeared");
  assert.equal(run("build").evaluated, false);

  writeFileSync(join(flake, "unrelated.txt"), "x");
  assert.ok(run("build").evaluated, "the flake's tree (self) changed");

  assert.ok(run("build", ["--no-eval-cache"]).evaluated, "--no-eval-cache evaluates");

  const cached = run("build");
  assert.equal(cached.evaluated, false);
  rmSync(join(root, cached.path.slice(root.length)), { recursive: true, force: true });
  const rebuilt = run("build");
  assert.ok(rebuilt.evaluated, "a generation gone from the store is built again");
  assert.equal(rebuilt.path, cached.path);
});

test("switch --dry-run may take a cached evaluation but writes none", () => {
  const { root, run } = setup();
  assert.ok(run("switch", ["--dry-run"]).evaluated);
  assert.ok(run("switch", ["--dry-run"]).evaluated, "the first dry run cached nothing");
  assert.equal(existsSync(join(root, "var/lib/system-manager/eval-cache")) && readdirSync(join(root, "var/lib/system-manager/eval-cache")).length > 0, false);
  assert.ok(run("build").evaluated);
  assert.equal(run("switch", ["--dry-run"]).evaluated, false, "a dry run uses what a build cached");
});

test("under --impure the environment the evaluation read is part of the key", () => {
  const { run } = setup();
  const one = run("build", ["--impure"], { GREETING: "one" });
  assert.ok(one.evaluated);
  assert.equal(run("build", ["--impure"], { GREETING: "one" }).evaluated, false);
  const two = run("build", ["--impure"], { GREETING: "two" });
  assert.ok(two.evaluated, "GREETING changed");
  assert.notEqual(two.path, one.path);
  assert.ok(run("build", [], { GREETING: "two" }).evaluated, "pure and impure evaluations are cached apart");
});

test("a second switch of an unchanged flake activates the same generation without evaluating", () => {
  const { root, run } = setup();
  const first = run("switch");
  assert.ok(first.evaluated);
  const second = run("switch");
  assert.equal(second.evaluated, false);
  assert.equal(second.path, first.path);
  assert.match(second.stderr, /No changes\./);
  const cache = join(root, "var/lib/system-manager/eval-cache");
  assert.equal(readdirSync(cache).filter((f) => f.endsWith(".json")).length, 1);
});

/** A loopback port nothing listens on (one just closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

test("an input that could not be fetched (its stand-in served) is cached only offline, with the fetch cache as it was", async () => {
  const { root, run } = setup(`\n  inputs.nixpkgs.url = "github:nixos/nixpkgs/nixos-unstable";`);
  // Online with the network out of reach (a refused connection): the result depends on the network.
  const url = `http://127.0.0.1:${await closedPort()}`;
  const unreachable = { SYSTEM_MANAGER_GITHUB_API: url, SYSTEM_MANAGER_GITHUB_URL: url };
  const first = run("build", [], unreachable);
  assert.ok(first.evaluated);
  assert.match(first.stderr, /warning: cannot fetch input 'nixpkgs'/);
  const second = run("build", [], unreachable);
  assert.ok(second.evaluated, "a result that depends on the network is evaluated again");
  assert.match(second.stderr, /warning: cannot fetch input 'nixpkgs'/);

  assert.ok(run("build", ["--offline"]).evaluated);
  const offline = run("build", ["--offline"]);
  assert.equal(offline.evaluated, false, "offline, the result depends only on the fetch cache");
  assert.match(offline.stderr, /warning: cannot fetch input 'nixpkgs'/, "the warning is printed again");
  const fetchCache = join(root, "var/lib/system-manager/flake-inputs");
  mkdirSync(fetchCache, { recursive: true });
  writeFileSync(join(fetchCache, "new-entry"), "{}");
  assert.ok(run("build", ["--offline"]).evaluated, "the fetch cache changed");
});

test("a local path: input is part of the key: the lock's creation is not printed again, and a changed input is not hidden by the cache", () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-eval-cache-"));
  for (const d of ["flake", "root", "extra"]) mkdirSync(join(dir, d));
  writeFileSync(join(dir, "extra/value.txt"), "one\n");
  writeFileSync(
    join(dir, "flake/flake.nix"),
    `{
  inputs.system-manager.url = "github:numtide/system-manager";
  inputs.extra = { url = "path:${dir}/extra"; flake = false; };
  outputs = { self, system-manager, extra }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [ { nixpkgs.hostPlatform = "x86_64-linux"; environment.etc.v.text = builtins.trace "evaluating the flake" (builtins.readFile "\${extra}/value.txt"); } ];
    };
  };
}
`,
  );
  const build = () =>
    spawnSync(process.execPath, [CLI, "build", "--flake", join(dir, "flake"), "--root", join(dir, "root")], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: dir, SYSTEM_MANAGER_PACKAGES: "off" },
    });
  const first = build();
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /warning: creating lock file/);
  assert.ok(first.stderr.includes(TRACE));
  const second = build();
  assert.equal(second.status, 0, second.stderr);
  assert.equal(second.stderr, "", "neither evaluated nor a lock written");
  writeFileSync(join(dir, "extra/value.txt"), "two\n");
  const changed = build();
  assert.match(changed.stderr, /NAR hash mismatch in input 'extra'/, "the input is locked again, as Nix does, not taken from the cache");
  assert.equal(changed.status, 1);
});

test("a TypeScript configuration is cached with every module it imports", () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-eval-cache-"));
  for (const d of ["cfg", "root"]) mkdirSync(join(dir, d));
  writeFileSync(
    join(dir, "cfg/system.config.ts"),
    `import { defineConfig } from "system-manager";
import { motd } from "./motd.ts";
console.error("evaluating the config");
export default defineConfig({ modules: [() => ({ nixpkgs: { hostPlatform: "x86_64-linux" }, environment: { etc: { motd: { text: motd } } } })] });
`,
  );
  writeFileSync(join(dir, "cfg/motd.ts"), `export const motd = "one\\n";\n`);
  const build = () => {
    const r = spawnSync(process.execPath, [CLI, "build", "--config", join(dir, "cfg/system.config.ts"), "--root", join(dir, "root")], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: dir, SYSTEM_MANAGER_PACKAGES: "off" },
    });
    assert.equal(r.status, 0, r.stderr);
    return { evaluated: r.stderr.includes("evaluating the config"), path: r.stdout.trim() };
  };
  const first = build();
  assert.ok(first.evaluated);
  assert.deepEqual(build(), { evaluated: false, path: first.path });
  writeFileSync(join(dir, "cfg/motd.ts"), `export const motd = "two\\n";\n`);
  const changed = build();
  assert.ok(changed.evaluated, "an imported module changed");
  assert.notEqual(changed.path, first.path);
});

test("a build evaluated in a worker records its whole closure: removing a path the generation only refers to makes the next build evaluate again", async () => {
  const { closureOf } = await import("../../src/build/eval-cache/cached-build.ts");
  const { EVAL_CACHE_DIR } = await import("../../src/build/eval-cache/cache-file.ts");
  const { readEntryFile } = await import("../../src/build/eval-cache/entry-file.ts");
  const { STORE_DIR } = await import("../../src/store/store-path.ts");
  const { dir, root, run } = setup();
  try {
    const first = run("build");
    assert.ok(first.evaluated);
    const entries = readdirSync(join(root, EVAL_CACHE_DIR)).filter((n) => n.endsWith(".json"));
    assert.equal(entries.length, 1);
    const read = readEntryFile(join(root, EVAL_CACHE_DIR, entries[0] as string), () => undefined);
    const storePath = (read?.head as { result: { storePath: string } }).result.storePath;
    const closure = read?.closure() ?? [];
    // Read back from disk here (this process wrote none of it): what the worker recorded from memory must be the same.
    assert.deepEqual(closure, await closureOf(root, storePath));
    const own = storePath.slice(STORE_DIR.length + 1);
    const referred = closure.filter((n) => n !== own);
    assert.ok(referred.length > 0, `the generation refers to other store paths: ${closure.join(" ")}`);
    assert.equal(run("build").evaluated, false);
    rmSync(join(root, STORE_DIR, referred[0] as string), { recursive: true, force: true });
    assert.ok(run("build").evaluated, `${referred[0]} gone from the store: the cached generation no longer answers`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
