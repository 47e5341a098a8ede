/**
 * system-manager switch under faults (root only: tmpfs mounts, chattr,
 * homes activated as their user): a full /etc, an immutable /etc/passwd,
 * a read-only store, a home owned by someone else, an unreadable or
 * read-only directory in a home. Each is a clear error (exit 1, no stack)
 * that changes nothing it could have checked first, and a switch after the
 * fault is gone converges. Activation scripts get a usable $HOME and cwd.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.ts";
import { nodeStandIn } from "../helpers/engine.ts";
import { cleanup, clearImmutable, fill, makeImmutable, needsRoot, readOnly, tmpfs } from "./faults.ts";

after(cleanup);

const CACHE = mkdtempSync(join(tmpdir(), "sm-fault-cache-"));

interface Run {
  code: number;
  err: string;
}

async function sm(...argv: string[]): Promise<Run> {
  const r = { out: "", err: "" };
  const io = {
    stdout: (t: string) => void (r.out += t),
    stderr: (t: string) => void (r.err += t),
    env: { PATH: process.env.PATH, XDG_CACHE_HOME: CACHE, SYSTEM_MANAGER_PACKAGES: "off", SYSTEM_MANAGER_NODE: nodeStandIn() },
    cwd: process.cwd(),
  };
  return { code: await main(argv, io), err: r.err };
}

/** A configuration: alice (uid 5000) with home files, and an activation step that records $HOME and its cwd. */
function config(files: Record<string, string>, home = "/home/alice"): string {
  const dir = mkdtempSync(join(tmpdir(), "sm-fault-cfg-"));
  const file = join(dir, "c.ts");
  const hm = { home: { stateVersion: "25.05", file: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, { text: v }])), activation: { record: { after: ["linkGeneration"], data: 'echo "$HOME" > "$HOME/.home-was"; pwd > .pwd-was' } } } };
  writeFileSync(
    file,
    `import { defineConfig, homeManager } from "system-manager";\nexport default defineConfig({ modules: [homeManager, { nixpkgs: { hostPlatform: "x86_64-linux" }, ` +
      `users: { groups: { alice: { gid: 5000 } }, users: { alice: { isNormalUser: true, uid: 5000, group: "alice", home: ${JSON.stringify(home)} } } }, ` +
      `"home-manager": { backupFileExtension: "bak", users: { alice: ${JSON.stringify(hm)} } } }] });\n`,
  );
  return file;
}

const FILES = { ".config/example/hello.txt": "hello\n", ".config/git/config": "[user]\n\tname = Alice\n", ".profile": "# mine\n" };

/** A clean user error: exit 1, the expected words, and no stack or "internal error" anywhere. */
function assertFault(r: Run, words: RegExp): void {
  assert.equal(r.code, 1, r.err);
  assert.match(r.err, words);
  assert.doesNotMatch(r.err, /internal error|\n\s+at .*:\d+:\d+\)?\n/);
}

const leftovers = (dir: string): string[] => readdirSync(dir, { recursive: true }).map(String).filter((n) => /(^|\/)\.#/.test(n));

async function switchOk(root: string, cfg: string): Promise<void> {
  const r = await sm("switch", "--config", cfg, "--root", root);
  assert.equal(r.code, 0, r.err);
  assert.ok(lstatSync(join(root, "home/alice/.config/example/hello.txt")).isSymbolicLink());
}

for (const leave of [0, 4, 32]) {
  test(`/etc full (${leave} KiB free): a clear error, no temporaries; with room again the switch converges`, { skip: needsRoot }, async () => {
    const root = mkdtempSync(join(tmpdir(), "sm-fault-"));
    const cfg = config(FILES);
    assert.equal((await sm("build", "--config", cfg, "--root", root)).code, 0);
    mkdirSync(join(root, "etc"));
    tmpfs(96, join(root, "etc"));
    fill(join(root, "etc"), leave);
    const r = await sm("switch", "--config", cfg, "--root", root);
    // With 32 KiB left the switch may just fit; with less it cannot.
    if (leave < 32 || r.code !== 0) assertFault(r, /error: Cannot (write|replace|create directory|create link) .*: no space left on device/);
    assert.deepEqual(leftovers(join(root, "etc")), []);
    for (const f of readdirSync(join(root, "etc")).filter((n) => n.startsWith(".fill"))) rmSync(join(root, "etc", f));
    await switchOk(root, cfg);
  });
}

test("an immutable /etc/passwd: 'operation not permitted', no .#passwd temporary; after chattr -i the switch converges", { skip: needsRoot }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), "sm-fault-"));
  tmpfs(4096, root);
  mkdirSync(join(root, "etc"));
  writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
  if (!makeImmutable(join(root, "etc/passwd"))) return t.skip("this filesystem does not support chattr +i");
  const cfg = config(FILES);
  assertFault(await sm("switch", "--config", cfg, "--root", root), new RegExp(`error: Cannot replace ${root}/etc/passwd: operation not permitted`));
  assert.deepEqual(leftovers(join(root, "etc")), []);
  clearImmutable(join(root, "etc/passwd"));
  await switchOk(root, cfg);
});

test("a read-only store: the build stops with 'read-only file system'; writable again, the switch converges", { skip: needsRoot }, async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-fault-"));
  const store = join(root, "var/lib/system-manager/store");
  mkdirSync(store, { recursive: true });
  tmpfs(65536, store);
  readOnly(store);
  const cfg = config(FILES);
  assertFault(await sm("switch", "--config", cfg, "--root", root), /: read-only file system/);
  assert.ok(!existsSync(join(root, "etc")));
  readOnly(store, false);
  await switchOk(root, cfg);
});

test("a home owned by someone else: alice's activation says so and changes nothing; once hers, the switch converges", { skip: needsRoot }, async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-fault-"));
  mkdirSync(join(root, "home/alice"), { recursive: true, mode: 0o700 });
  chmodSync(join(root, "home/alice"), 0o700);
  chownSync(join(root, "home/alice"), 6000, 6000);
  const cfg = config(FILES);
  const r = await sm("switch", "--config", cfg, "--root", root);
  assertFault(r, /Cannot activate the home of alice: cannot enter \/home\/alice: permission denied \(it belongs to uid 6000, mode 0700, and this runs as uid 5000\)/);
  assert.match(r.err, /The Home Manager activation of alice failed \(exit status 1\)/);
  assert.deepEqual(readdirSync(join(root, "home/alice")), []);
  chownSync(join(root, "home/alice"), 5000, 5000);
  await switchOk(root, cfg);
});

test("a home that is root's (0755) but whose directories activation writes in are alice's: the activation works", { skip: needsRoot }, async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-fault-"));
  const home = join(root, "home/alice");
  for (const d of [".config", ".local"]) mkdirSync(join(home, d), { recursive: true });
  for (const d of [".config", ".local"]) chownSync(join(home, d), 5000, 5000);
  const cfg = config({ ".config/example/hello.txt": "hello\n" });
  const r = await sm("switch", "--config", cfg, "--root", root);
  assert.equal(r.code, 1, "the step writing $HOME/.home-was cannot, and says so");
  assert.match(r.err, /activation step record failed/);
  assert.ok(lstatSync(join(home, ".config/example/hello.txt")).isSymbolicLink());
});

test("an unreadable directory in the home (chmod 000): every problem is named, nothing is moved or linked; fixed, the switch converges", { skip: needsRoot }, async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-fault-"));
  const home = join(root, "home/alice");
  mkdirSync(join(home, ".config/git"), { recursive: true });
  writeFileSync(join(home, ".profile"), "theirs\n");
  for (const p of [home, join(home, ".config"), join(home, ".config/git"), join(home, ".profile")]) chownSync(p, 5000, 5000);
  chmodSync(join(home, ".config/git"), 0);
  const cfg = config(FILES);
  const r = await sm("switch", "--config", cfg, "--root", root);
  assertFault(r, /Cannot activate the home of alice; nothing was changed:\n.*Cannot manage '\/home\/alice\/\.config\/git\/config': permission denied/);
  assert.doesNotMatch(r.err, /will be moved to|Please do one of the following/, "no advice about files in the way, no backup announced");
  assert.deepEqual(readdirSync(home).sort(), [".config", ".profile"], "no .profile.bak, no profile, no links");
  assert.deepEqual(readdirSync(join(home, ".config")), ["git"]);
  chmodSync(join(home, ".config/git"), 0o755);
  await switchOk(root, cfg);
  assert.equal(readFileSync(join(home, ".profile.bak"), "utf8"), "theirs\n");
});

test("a read-only home: 'read-only file system', nothing changed; writable again, the switch converges", { skip: needsRoot }, async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-fault-"));
  const home = join(root, "home/alice");
  mkdirSync(home, { recursive: true });
  tmpfs(1024, home);
  chownSync(home, 5000, 5000);
  readOnly(home);
  const cfg = config(FILES);
  assertFault(await sm("switch", "--config", cfg, "--root", root), /Cannot activate the home of alice; nothing was changed:\n.*Cannot write in '\/home\/alice': read-only file system/);
  readOnly(home, false);
  assert.deepEqual(readdirSync(home), []);
  await switchOk(root, cfg);
});

for (const reachable of [false, true]) {
  test(`under --root (${reachable ? "a tree alice can reach" : "a tree private to root"}), activation steps run in the home with a $HOME they can use`, { skip: needsRoot }, async () => {
    const root = mkdtempSync(join(tmpdir(), "sm-fault-"));
    if (reachable) chmodSync(root, 0o755);
    await switchOk(root, config(FILES));
    const home = join(root, "home/alice");
    // The step wrote "$HOME/.home-was" and "./.pwd-was": both landed in alice's home.
    const recorded = readFileSync(join(home, ".home-was"), "utf8").trim();
    // As on the tree's host, the home is at its own path in a private mount namespace (src/activate/home/target-view.ts).
    assert.equal(recorded, "/home/alice");
    assert.equal(readFileSync(join(home, ".pwd-was"), "utf8").trim(), "/home/alice");
  });
}

test("a home directory with '..' (/home/../etc) is refused before anything is written", { skip: needsRoot }, async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-fault-"));
  assertFault(await sm("switch", "--config", config(FILES, "/home/../etc"), "--root", root), /The value of `users\.users\.alice\.home' \("\/home\/\.\.\/etc"\) cannot be written to \/etc\/passwd: it has an empty, "\." or "\.\." component/);
  assert.ok(!existsSync(join(root, "etc")));
});

test("a user's home directory with '..' without home-manager is refused too, by the build's assertion, before anything is written", { skip: needsRoot }, async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-fault-"));
  const file = join(mkdtempSync(join(tmpdir(), "sm-fault-cfg-")), "c.ts");
  writeFileSync(file, `import { defineConfig } from "system-manager";\nexport default defineConfig({ modules: [{ nixpkgs: { hostPlatform: "x86_64-linux" }, users: { groups: { alice: { gid: 5000 } }, users: { alice: { isNormalUser: true, uid: 5000, group: "alice", home: "/home/../etc" } } } }] });\n`);
  assertFault(await sm("switch", "--config", file, "--root", root), /The value of `users\.users\.alice\.home' \("\/home\/\.\.\/etc"\) cannot be written to \/etc\/passwd: it has an empty, "\." or "\.\." component/);
  assert.ok(!existsSync(join(root, "etc")));
});

