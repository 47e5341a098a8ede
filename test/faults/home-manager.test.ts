/**
 * home-manager switch under faults and damage: a deleted profile link or
 * profile directory, a corrupt previous home.json, and (root only: tmpfs, chattr) a
 * full, read-only or immutable home. Each ends in a clear error (exit 1,
 * no stack) or converges, and a switch after the fault is gone leaves
 * exactly the configured links: none from a failed run or an older
 * generation.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/home-manager-main.ts";
import { cleanup, clearImmutable, fill, makeImmutable, needsRoot, readOnly, tmpfs } from "./faults.ts";

after(cleanup);

interface Hm {
  home: string;
  /** Switches to a configuration of these files (text); resolves with the exit code and stderr. */
  sw(files: Record<string, string>, ...args: string[]): Promise<{ code: number; err: string }>;
  links(): string[];
}

function hm(home = mkdtempSync(join(tmpdir(), "sm-fault-home-"))): Hm {
  const dir = mkdtempSync(join(tmpdir(), "sm-fault-hmcfg-"));
  const state = mkdtempSync(join(tmpdir(), "sm-fault-state-"));
  return {
    home,
    async sw(files, ...args) {
      const file = join(dir, "home.config.ts");
      const entries = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, { text: v }]));
      writeFileSync(file, `import { defineHomeConfig } from "system-manager";\nexport default defineHomeConfig({ modules: [{ home: { stateVersion: "25.05", file: ${JSON.stringify(entries)} } }] });\n`);
      const r = { err: "" };
      const io = { stdout: () => undefined, stderr: (t: string) => void (r.err += t), env: { HOME: home, USER: "bob", XDG_STATE_HOME: state, XDG_CACHE_HOME: join(state, "cache") }, cwd: dir };
      return { code: await main(["switch", "--config", file, ...args], io), err: r.err };
    },
    links() {
      return readdirSync(home, { recursive: true }).map(String).filter((p) => !p.startsWith(".local/") && lstatSync(join(home, p)).isSymbolicLink()).sort();
    },
  };
}

function assertFault(r: { code: number; err: string }, words: RegExp): void {
  assert.equal(r.code, 1, r.err);
  assert.match(r.err, words);
  assert.doesNotMatch(r.err, /internal error|\n\s+at .*:\d+:\d+\)?\n/);
}

const ok = (r: { code: number; err: string }) => assert.equal(r.code, 0, r.err);
const profile = (h: Hm) => join(h.home, ".local/state/nix/profiles");

test("a deleted profile link: the next switch removes the old generation's stale links and makes the profile current again", async () => {
  const h = hm();
  ok(await h.sw({ "a.txt": "a\n", "dir/b.txt": "b\n" }));
  rmSync(join(profile(h), "home-manager"));
  ok(await h.sw({ "a.txt": "a2\n" }));
  assert.deepEqual(h.links(), ["a.txt"]);
  assert.ok(!existsSync(join(h.home, "dir")), "the emptied directory is gone");
  assert.equal(readlinkSync(join(profile(h), "home-manager")), "home-manager-2-link");
});

test("a deleted profile directory: the previous generation is found from the links in the home", async () => {
  const h = hm();
  ok(await h.sw({ "a.txt": "a\n", "b.txt": "b\n" }));
  rmSync(profile(h), { recursive: true });
  ok(await h.sw({ "a.txt": "a\n", "c.txt": "c\n" }));
  assert.deepEqual(h.links(), ["a.txt", "c.txt"]);
  assert.equal(readlinkSync(join(profile(h), "home-manager")), "home-manager-1-link");
});

test("a corrupt home.json of the current generation does not stop a switch", async () => {
  const h = hm();
  ok(await h.sw({ "a.txt": "a\n" }));
  const generation = readlinkSync(join(profile(h), "home-manager-1-link"));
  const manifest = join(generation, "home.json");
  // The store path is read-only, as Nix makes it: only root could replace a file in it without making it writable first.
  chmodSync(generation, 0o755);
  rmSync(manifest);
  writeFileSync(manifest, "{not json");
  ok(await h.sw({ "b.txt": "b\n" }));
  assert.ok(h.links().includes("b.txt"));
});

for (const leave of [0, 4, 32]) {
  test(`a full home (${leave} KiB free): a clear error; with room again a switch to another configuration leaves none of the failed run's links`, { skip: needsRoot }, async () => {
    const h = hm(tmpfs(256));
    ok(await h.sw({ "a.txt": "a\n" }));
    fill(h.home, leave);
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`d${i % 8}/f${i}.txt`, `${i}\n`]));
    const r = await h.sw(many);
    // Links take little room: with a few KiB left the switch may go through.
    if (leave === 0 || r.code !== 0) assertFault(r, /Cannot .*: no space left on device/);
    for (const f of readdirSync(h.home).filter((n) => n.startsWith(".fill"))) rmSync(join(h.home, f));
    ok(await h.sw({ "c.txt": "c\n" }));
    assert.deepEqual(h.links(), ["c.txt"]);
    assert.deepEqual(readdirSync(h.home).filter((n) => !n.startsWith(".")), ["c.txt"]);
  });
}

test("a read-only home: 'read-only file system', nothing changed; writable again, the switch converges", { skip: needsRoot }, async () => {
  const h = hm(tmpfs(256));
  ok(await h.sw({ "a.txt": "a\n" }));
  readOnly(h.home);
  assertFault(await h.sw({ "b.txt": "b\n" }), /Cannot activate the home of bob; nothing was changed:\n\s+Cannot write in '.*': read-only file system/);
  readOnly(h.home, false);
  assert.deepEqual(h.links(), ["a.txt"]);
  ok(await h.sw({ "b.txt": "b\n" }));
  assert.deepEqual(h.links(), ["b.txt"]);
});

test("an immutable directory in the home: named before anything is backed up or linked; after chattr -i the switch converges", { skip: needsRoot }, async (t) => {
  const h = hm(tmpfs(256));
  writeFileSync(join(h.home, "a.txt"), "mine\n");
  mkdirSync(join(h.home, ".config"));
  if (!makeImmutable(join(h.home, ".config"))) return t.skip("this filesystem does not support chattr +i");
  assertFault(await h.sw({ "a.txt": "a\n", ".config/x/y.txt": "y\n" }, "-b", "bak"), /Cannot write in '.*\/\.config': operation not permitted/);
  assert.equal(readFileSync(join(h.home, "a.txt"), "utf8"), "mine\n", "not moved to a.txt.bak");
  assert.ok(!existsSync(join(h.home, ".local")), "no generation registered");
  clearImmutable(join(h.home, ".config"));
  ok(await h.sw({ "a.txt": "a\n", ".config/x/y.txt": "y\n" }, "-b", "bak"));
  assert.equal(readFileSync(join(h.home, "a.txt.bak"), "utf8"), "mine\n");
  assert.deepEqual(h.links(), [".config/x/y.txt", "a.txt"]);
});
