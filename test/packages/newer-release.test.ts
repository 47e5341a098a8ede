/**
 * Packages the archive's release lacks, or ships too old, come from a
 * newer release with their whole closure: against a local signed archive
 * on loopback with two suites, "test" (the host's release) and "newer"
 * (its next one, as trixie is bookworm's). `starry` is only in newer and
 * needs newer's libc6; `oldtool` is 0.30 in test and 0.60 in newer, and
 * the name table asks for ≥ 0.48 (as fzf for home-manager); greet-data is
 * in both, to choose explicitly.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, realpathSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { update } from "../../src/cli/commands/update.ts";
import { readElf } from "../../src/packages/debian/elf.ts";
import { readLock } from "../../src/packages/lock.ts";
import type { NameTable } from "../../src/packages/names.ts";
import { namespaceUnavailable, runInUserStore } from "../home/run-in-user-store.ts";
import { NAMES, startFixture, type Fixture } from "./helpers/archive-fixture.ts";
import { fixtureUnavailable, HOST_LIBC, HOST_LOADER } from "./helpers/fixture-debs.ts";
import type { ArchiveDeb } from "./helpers/local-archive.ts";

const SYSTEM = "x86_64-linux";
const skip = fixtureUnavailable();
const names: NameTable = { ...NAMES, oldtool: { debian: { package: "oldtool", atLeast: { version: "0.48", why: "its shell hooks are new in 0.48" } } } };
const script = (text: string) => ({ text: `#!/bin/sh\necho ${text}\n`, mode: 0o755 });

function newerDebs(work: string): { test: ArchiveDeb[]; suites: Record<string, ArchiveDeb[]> } {
  writeFileSync(join(work, "starry.c"), `#include <stdio.h>\nint main(void) { puts("starry 1.0"); return 0; }\n`);
  const cc = spawnSync("cc", ["-o", join(work, "starry"), join(work, "starry.c")], { encoding: "utf8" });
  if (cc.status !== 0) throw new Error(cc.stderr);
  // Newer's own libc6: this machine's glibc again, under another version, so a patched binary runs.
  const libc6: ArchiveDeb = {
    name: "libc6",
    version: "2.100-1",
    files: {
      "usr/lib/x86_64-linux-gnu/libc.so.6": { copy: realpathSync(HOST_LIBC), mode: 0o755 },
      "usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2": { copy: realpathSync(HOST_LOADER), mode: 0o755 },
      "usr/lib64/ld-linux-x86-64.so.2": { symlink: "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" },
    },
  };
  return {
    test: [{ name: "oldtool", version: "0.30-1", arch: "all", files: { "usr/bin/oldtool": script("oldtool 0.30") } }],
    suites: {
      newer: [
        libc6,
        { name: "starry", version: "1.0-1", depends: "libc6 (>= 2.100)", files: { "usr/bin/starry": { copy: join(work, "starry"), mode: 0o755 } } },
        { name: "oldtool", version: "0.60-1", arch: "all", files: { "usr/bin/oldtool": script("oldtool 0.60") } },
        { name: "greet-data", version: "1:4.0-1", arch: "all", files: { "usr/share/greet/data.txt": { text: "newer data\n" } } },
      ],
    },
  };
}

describe("packages from a newer release", { skip }, () => {
  let f: Fixture;
  let root: string;
  let lockPath: string;
  const notes: string[] = [];
  const session = (extra: { lock?: string } = {}) =>
    f.session(root, extra.lock ?? lockPath, { progress: { note: (m: string) => notes.push(m), task: () => ({ step() {}, done() {} }) } as never, debian: { names, newerReleases: ["newer"] } });
  before(async () => {
    f = await startFixture(newerDebs);
    root = f.dir("root");
    lockPath = join(f.dir("config"), "system-manager.lock");
  });
  after(() => f?.stop());

  test("a name the release lacks is taken from the newer one, its closure with it, and said once", () => {
    notes.length = 0;
    const s = session();
    const info = s.lookup("starry", SYSTEM);
    assert.equal(info.version, "1.0-1");
    assert.deepEqual(notes.filter((n) => n.startsWith("starry")), ["starry: not in test, taken from newer (starry 1.0-1, with its dependencies)"]);
    s.lookup("hello", SYSTEM);
    s.saveLock();
    const lock = readLock(lockPath);
    const starry = lock.packages.starry;
    assert.ok(starry?.provider === "debian");
    assert.equal(starry.release, "newer");
    assert.deepEqual(starry.closure, ["libc6_2.100-1_amd64", "starry_1.0-1_amd64"], "newer's own libc6, not the release's");
    assert.equal((lock.packages.hello as { release: string }).release, "test");
    assert.deepEqual(lock.debian?.releases, { newer: [{ ...f.archive.sources(f.server.url)[0]!, suites: ["newer"] }] });
    assert.deepEqual(lock.debian?.sources, f.archive.sources(f.server.url), "the release's own archive stays the lock's");
    notes.length = 0;
    session().lookup("starry", SYSTEM);
    assert.deepEqual(notes, [], "a locked package is not resolved, nor said, again");
  });

  test("realised, it loads newer's libc from the store and runs", { skip: namespaceUnavailable() }, async () => {
    const s = session();
    const out = s.lookup("starry", SYSTEM).outPath;
    await s.realise([out]);
    assert.ok(f.server.requests().some((r) => r.startsWith("/dists/newer/")), "newer's lists were fetched");
    const program = join(out, "bin/starry");
    const pkg = readFileSync(join(root, out, ".system-manager/info.json"), "utf8");
    const starryPath = (JSON.parse(pkg).references as string[]).find((r) => /-starry-1\.0-1$/.test(r)) as string;
    const elf = readElf(join(root, starryPath, "usr/bin/starry"));
    assert.match(elf?.interpreter ?? "", /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-libc6-2\.100-1\/usr\/lib\/x86_64-linux-gnu\/ld-linux-x86-64\.so\.2$/);
    assert.equal(runInUserStore(root, program, []), "starry 1.0\n");
  });

  test("a version older than the table asks for is passed over for the newer release's, saying why", () => {
    notes.length = 0;
    const info = session().lookup("oldtool", SYSTEM);
    assert.equal(info.version, "0.60-1");
    assert.deepEqual(notes, ["oldtool: test has oldtool 0.30-1, older than 0.48 (its shell hooks are new in 0.48); taken from newer (oldtool 0.60-1, with its dependencies)"]);
  });

  test("a name no release has keeps the error with close names", () => {
    const s = session();
    s.lookup("stary", SYSTEM);
    assert.throws(() => s.throwUnavailable(), /^UserError: Cannot find pkgs\.stary: http:\/\/127\.0\.0\.1:\d+ test has no such package, nor has newer; close names: .*\bstarry\b/);
  });

  test("update --release takes a package from the release named, keeps it there, and can bring it back", () => {
    const s = session();
    assert.equal(s.lookup("greet-data", SYSTEM).version, "3.0-2", "the release's own first");
    assert.deepEqual(s.refresh(["greet-data"], SYSTEM, { release: "newer" }), [{ attr: "greet-data", before: "greet-data 1:3.0-2 (debian test)", after: "greet-data 1:4.0-1 (debian newer)" }]);
    assert.deepEqual(s.refresh(["greet-data"], SYSTEM), [], "a later update keeps the release chosen");
    assert.deepEqual(s.refresh(["greet-data"], SYSTEM, { release: "test" }), [{ attr: "greet-data", before: "greet-data 1:4.0-1 (debian newer)", after: "greet-data 1:3.0-2 (debian test)" }]);
    assert.throws(() => s.refresh(["greet-data"], SYSTEM, { release: "forky" }), /Cannot take pkgs\.greet-data from 'forky': packages come from the archive's release, test and the newer newer/);
    assert.throws(() => s.refresh([], SYSTEM, { release: "newer" }), /name the packages to take from it/);
    assert.deepEqual(s.refresh(["lonely"], SYSTEM, { release: "test" }).map((c) => c.before), [undefined], "a name not locked yet is added");
  });

  test("the CLI's update --release passes the release on", async () => {
    const io = { stdout: () => undefined, stderr: () => undefined, env: {}, cwd: dirname(lockPath) };
    const argv = ["--config", join(dirname(lockPath), "system.ts"), "--root", root, "--provider", "debian", "--release", "forky", "hello"];
    await assert.rejects(update(argv, io), /Cannot take pkgs\.hello from 'forky': packages come from the archive's release, test; system-manager knows no newer release of it/);
  });

  test("the lock alone gives its store path; a fresh root fetches its .debs from newer's archive, as pinned", async () => {
    const out = session().lookup("starry", SYSTEM).outPath;
    const moved = join(f.dir("moved"), "system-manager.lock");
    const lock = JSON.parse(readFileSync(lockPath, "utf8"));
    for (const src of lock.debian.releases.newer) src.uri = "http://127.0.0.1:9";
    writeFileSync(moved, JSON.stringify(lock));
    const s = session({ lock: moved });
    assert.equal(s.lookup("starry", SYSTEM).outPath, out);
    const fresh = f.session(f.dir("fresh"), moved, { debian: { names, newerReleases: ["newer"] } });
    fresh.lookup("starry", SYSTEM);
    await assert.rejects(fresh.realise(), /Cannot download libc6 2\.100-1 from http:\/\/127\.0\.0\.1:9 newer \(http:\/\/127\.0\.0\.1:9\/pool\/.*\): .*; is the network or the archive unreachable\?/);
  });
});
