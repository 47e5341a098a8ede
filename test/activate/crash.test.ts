/**
 * Crash safety: a switch is interrupted before each of its writes in turn
 * (every write goes through RootFs, so stopping there is stopping the
 * process between two steps). After each interruption, a plain switch must
 * converge to the very tree an uninterrupted switch gives, and no
 * pre-existing file or account line may be lost on the way.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeTree, snapshot, isRoot } from "../helpers/tree.ts";
import { build, seedSystem, world } from "../helpers/system.ts";
import { debianEtc, debianPasswd } from "../fixtures/debian12-etc.ts";
import { RootFs, type WriteOptions } from "../../src/activate/root-fs.ts";
import { activate } from "../../src/activate/activate.ts";

class Crash extends Error {}

/** A RootFs that stops before its N-th write. */
class CrashingFs extends RootFs {
  writes = 0;
  readonly crashAt: number;
  constructor(root: string, crashAt: number) {
    super(root);
    this.crashAt = crashAt;
  }
  #step(): void {
    if (this.writes++ === this.crashAt) throw new Crash(`crash before write ${this.crashAt}`);
  }
  override mkdirs(path: string): string[] {
    this.#step();
    return super.mkdirs(path);
  }
  override writeFileAtomic(path: string, data: Buffer | string, opts: WriteOptions): void {
    this.#step();
    super.writeFileAtomic(path, data, opts);
  }
  override symlinkAtomic(path: string, target: string): void {
    this.#step();
    super.symlinkAtomic(path, target);
  }
  override rename(from: string, to: string): void {
    this.#step();
    super.rename(from, to);
  }
  override unlink(path: string): void {
    this.#step();
    super.unlink(path);
  }
  override rmdirIfEmpty(path: string): boolean {
    this.#step();
    return super.rmdirIfEmpty(path);
  }
  override mkdirOwned(path: string, mode: number, uid: number, gid: number): void {
    this.#step();
    super.mkdirOwned(path, mode, uid, gid);
  }
}

const fixture = { ...debianEtc, "etc/motd": "hand-written motd\n", "etc/old/a.conf": "old\n" };
const first = [seedSystem, { environment: { etc: { "nix/nix.conf": { replaceExisting: true }, "old/b.conf": { text: "b\n" } } }, users: { groups: { sudo: { members: ["alice"] } } } }];
const second = [seedSystem, { environment: { etc: { motd: { text: "ours\n", replaceExisting: true }, "x/y.conf": { text: "y\n", mode: "0600" } } } }];
const SKIP = ["/var/lib/system-manager/state", "/etc/.pwd.lock", "/etc/passwd-", "/etc/group-", "/etc/shadow-", "/etc/gshadow-"];

/** The original content is still at `path` or at its backup. */
function kept(root: string, path: string, content: string): boolean {
  return [path, path + ".system-manager-backup"].some((p) => {
    try {
      return readFileSync(join(root, p), "utf8") === content;
    } catch {
      return false;
    }
  });
}

async function switchWith(root: string, modules: readonly unknown[], fs?: RootFs): Promise<void> {
  const storePath = await build(root, modules);
  await activate(world(root, fs ?? new RootFs(root)), { storePath }, false);
}

/** Runs `before` switches normally, then crashes the last switch at every write, checking each recovery. */
async function crashEverywhere(before: readonly (readonly unknown[])[], last: readonly unknown[]): Promise<number> {
  const reference = makeTree(fixture);
  for (const m of before) await switchWith(reference, m);
  await switchWith(reference, last);
  const expected = snapshot(reference, SKIP);
  for (let crashAt = 0; ; crashAt++) {
    const root = makeTree(fixture);
    for (const m of before) await switchWith(root, m);
    const fs = new CrashingFs(root, crashAt);
    try {
      await switchWith(root, last, fs);
      return crashAt;
    } catch (e) {
      if (!(e instanceof Crash)) throw e;
    }
    assert.ok(readFileSync(join(root, "etc/passwd"), "utf8").startsWith(debianPasswd), `passwd lines lost after a crash at write ${crashAt}`);
    for (const [path, content] of [["etc/nix/nix.conf", fixture["etc/nix/nix.conf"]], ["etc/motd", fixture["etc/motd"]]]) {
      assert.ok(kept(root, path as string, content as string), `${path} lost after a crash at write ${crashAt}`);
    }
    await switchWith(root, last);
    assert.deepEqual(snapshot(root, SKIP), expected, `a switch after a crash at write ${crashAt} did not converge`);
  }
}

test("a first switch interrupted at any write converges on the next switch", { skip: isRoot ? false : "needs root" }, async () => {
  const writes = await crashEverywhere([], first);
  assert.ok(writes > 10, `only ${writes} writes were interrupted`);
});

test("a second switch (entries removed, backups restored, new ones added) interrupted at any write converges", { skip: isRoot ? false : "needs root" }, async () => {
  const writes = await crashEverywhere([first], second);
  assert.ok(writes > 10, `only ${writes} writes were interrupted`);
});
