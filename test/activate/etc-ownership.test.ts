/**
 * Ownership of /etc paths: a path is ours only while it holds the version
 * the state records for it or the intent an interrupted activation
 * recorded; a file that differs is left alone and reported, at planning
 * and again right before apply touches it. Temporaries of our writes are
 * removed, nobody else's files.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { planEtc, type DesiredEntry } from "../../src/activate/plan/etc-plan.ts";
import { emptyState, readState, type ManagedFile, type State } from "../../src/activate/state.ts";
import type { Observed } from "../../src/activate/observe.ts";
import { RootFs } from "../../src/activate/root-fs.ts";
import { activate } from "../../src/activate/activate.ts";
import { build, seedSystem, world } from "../helpers/system.ts";
import { makeTree, isRoot } from "../helpers/tree.ts";

const STORE = "/var/lib/system-manager/store";
const link = (target: string): ManagedFile => ({ kind: "symlink", target });
const copy = (sha256: string): ManagedFile => ({ kind: "copy", sha256, mode: "0644", uid: 0, gid: 0 });
const fileSeen = (sha256: string): Observed => ({ kind: "file", mode: 0o644, uid: 0, gid: 0, size: 1, sha256 });
const state = (s: Partial<State>): State => ({ ...emptyState, ...s });
const ops = (p: ReturnType<typeof planEtc>) => p.steps.map((s) => `${s.op} ${s.path}`);

test("a managed link that now leads elsewhere, even into the store, is left alone and reported, not removed", () => {
  const s = state({ files: { "/etc/a": link(`${STORE}/x-one/a`) } });
  const p = planEtc(s, [], new Map([["/etc/a", { kind: "symlink", target: `${STORE}/y-other/a` }]]));
  assert.deepEqual(ops(p), ["forget /etc/a"]);
});

test("an unrecorded link into the store is not ours: refused like any other file", () => {
  const d: DesiredEntry = { path: "/etc/a", replaceExisting: false, file: { kind: "symlink", target: `${STORE}/new/a`, sha256: null } };
  const p = planEtc(emptyState, [d], new Map([["/etc/a", { kind: "symlink", target: `${STORE}/old/a` }]]));
  assert.deepEqual(ops(p), ["refuse /etc/a"]);
});

test("after a kill, a path holding either its recorded version or its intent is ours", () => {
  const s = state({ files: { "/etc/c": copy("old"), "/etc/l": link("/s/old") }, intents: { "/etc/c": copy("new"), "/etc/l": link("/s/new") } });
  const want: DesiredEntry[] = [{ path: "/etc/c", replaceExisting: false, file: { kind: "copy", source: "/src", sha256: "third", mode: "0644", uid: 0, gid: 0 } }];
  for (const [c, l] of [["old", "/s/old"], ["new", "/s/new"]] as const) {
    const seen = new Map<string, Observed>([["/etc/c", fileSeen(c)], ["/etc/l", { kind: "symlink", target: l }]]);
    const p = planEtc(s, want, seen);
    assert.deepEqual(ops(p), ["remove /etc/l", "replace /etc/c"], `disk on the ${c} version`);
    assert.deepEqual(p.recorded, { "/etc/c": copy(c), "/etc/l": link(l) });
    assert.deepEqual(Object.keys(p.intents), ["/etc/c"]);
  }
  const p = planEtc(s, want, new Map([["/etc/c", fileSeen("edited")]]));
  assert.deepEqual(ops(p), ["refuse /etc/c"]);
});

test("a backup recorded for a path whose file was never written is restored", () => {
  const s = state({ intents: { "/etc/motd": copy("ours") }, backups: { "/etc/motd": "/etc/motd.system-manager-backup" } });
  const p = planEtc(s, [], new Map([["/etc/motd.system-manager-backup", fileSeen("theirs")]]));
  assert.deepEqual(p.steps, [{ op: "restore", path: "/etc/motd", backup: "/etc/motd.system-manager-backup" }]);
});

test("a failed rename removes its temporary", () => {
  const root = makeTree({ "etc/d/inside": "x\n" });
  const fs = new RootFs(root);
  assert.throws(() => fs.writeFileAtomic("/etc/d", "content\n", { mode: 0o644 }));
  assert.deepEqual(readdirSync(join(root, "etc")), ["d"]);
});

const skip = isRoot ? false : "needs root";

test("a switch removes the temporaries an interrupted write of ours left, and nobody else's", { skip }, async () => {
  const root = makeTree({});
  const a = await build(root, [seedSystem, { environment: { etc: { "app/x.conf": { text: "1\n", mode: "0644" } } } }]);
  const b = await build(root, [seedSystem, { environment: { etc: { "app/x.conf": { text: "2\n", mode: "0644" } } } }]);
  await activate(world(root), { storePath: a }, false);
  // As a kill in the middle of writing x.conf leaves it: the intent recorded, a temporary beside it.
  const path = join(root, "var/lib/system-manager/state/system-manager-state.json");
  const s = JSON.parse(readFileSync(path, "utf8"));
  writeFileSync(path, JSON.stringify({ ...s, intents: { "/etc/app/x.conf": { ...s.files["/etc/app/x.conf"], sha256: "0".repeat(64) } } }));
  writeFileSync(join(root, "etc/app/.#x.conf.0123456789ab"), "half");
  writeFileSync(join(root, "etc/app/.#other.conf.0123456789ab"), "someone else's");
  writeFileSync(join(root, "etc/app/.#x.conf.not-ours"), "someone else's");
  mkdirSync(join(root, "etc/app/.#x.conf.abcdefabcdef"));
  symlinkSync("x.conf", join(root, "etc/app/.#x.conf.fedcbafedcba"));
  await activate(world(root), { storePath: b }, false);
  assert.deepEqual(readdirSync(join(root, "etc/app")).sort(), [".#other.conf.0123456789ab", ".#x.conf.abcdefabcdef", ".#x.conf.not-ours", "x.conf"]);
  assert.deepEqual(readState(new RootFs(root)).intents, {});
});

test("a file that changes between planning and apply is left alone, reported, and not recorded as ours", { skip }, async () => {
  const root = makeTree({});
  const a = await build(root, [seedSystem, { environment: { etc: { "x.conf": { text: "1\n", mode: "0644" }, "y.conf": { text: "y\n", mode: "0644" } } } }]);
  const b = await build(root, [seedSystem, { environment: { etc: { "x.conf": { text: "2\n", mode: "0644" } } } }]);
  await activate(world(root), { storePath: a }, false);
  const fs = new RootFs(root);
  // Another program writes both files right after planning (the first write apply makes is the state).
  const racing = new (class extends RootFs {
    raced = false;
    override writeFileAtomic(p: string, data: Buffer | string, opts: { mode: number }): void {
      if (!this.raced) {
        this.raced = true;
        writeFileSync(join(root, "etc/x.conf"), "theirs\n");
        writeFileSync(join(root, "etc/y.conf"), "theirs too\n");
      }
      super.writeFileAtomic(p, data, opts);
    }
  })(root);
  await assert.rejects(activate(world(root, racing), { storePath: b }, false), (e: Error) => {
    assert.match(e.message, /The switch is done, but it left alone what changed while it ran:\n {2}\/etc\/y.conf: it changed while the switch was running, so it was not removed\n {2}\/etc\/x.conf: it changed while the switch was running, so it was not replaced\nRun the switch again/);
    return true;
  });
  assert.equal(readFileSync(join(root, "etc/x.conf"), "utf8"), "theirs\n");
  assert.equal(readFileSync(join(root, "etc/y.conf"), "utf8"), "theirs too\n");
  const after = readState(fs);
  assert.deepEqual([after.files["/etc/x.conf"], after.files["/etc/y.conf"], after.generation], [undefined, undefined, b]);
  assert.ok(existsSync(join(root, "etc/x.conf")));
});

test("a backup path taken between planning and apply: the file is neither moved nor replaced, and is not recorded as ours", { skip }, async () => {
  const root = makeTree({ "etc/motd": "mine\n" });
  const a = await build(root, [seedSystem, { environment: { etc: { motd: { text: "ours\n", replaceExisting: true } } } }]);
  const racing = new (class extends RootFs {
    raced = false;
    override writeFileAtomic(p: string, data: Buffer | string, opts: { mode: number }): void {
      if (!this.raced) {
        this.raced = true;
        writeFileSync(join(root, "etc/motd.system-manager-backup"), "someone's\n");
      }
      super.writeFileAtomic(p, data, opts);
    }
  })(root);
  await assert.rejects(activate(world(root, racing), { storePath: a }, false), /\/etc\/motd: \/etc\/motd.system-manager-backup appeared while the switch was running, so the file there was not moved aside/);
  assert.equal(readFileSync(join(root, "etc/motd"), "utf8"), "mine\n");
  assert.equal(readFileSync(join(root, "etc/motd.system-manager-backup"), "utf8"), "someone's\n");
  const after = readState(new RootFs(root));
  assert.deepEqual([after.files["/etc/motd"], after.backups["/etc/motd"]], [undefined, undefined]);
});
