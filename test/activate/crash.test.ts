/**
 * Crash safety, as a standing suite: switch, rollback and deactivate are
 * each killed at every write in turn (through CrashingFs, which leaves the
 * temporary of a write in progress as kill -9 does), for configurations
 * that add, change (content and mode; link and copy) and remove /etc files,
 * users and units. After each kill, nothing pre-existing may be lost, and
 * running the same command again must converge to the very tree an
 * uninterrupted run gives, with no temporaries left. Each crash starts
 * from a clone of one prepared root, so the suite stays fast.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeTree, snapshot, isRoot } from "../helpers/tree.ts";
import { build, seedSystem, world } from "../helpers/system.ts";
import { debianEtc, debianPasswd, debianShadow } from "../fixtures/debian12-etc.ts";
import { activate } from "../../src/activate/activate.ts";
import { listGenerations, rollbackTarget, currentGenerationNumber } from "../../src/activate/generations.ts";
import { readState } from "../../src/activate/state.ts";
import { Crash, CrashingFs, QuickFs as RootFs, cloneTree } from "./crash-harness.ts";

const skip = isRoot ? false : "needs root (chown to other users)";
const fixture = { ...debianEtc, "etc/motd": "hand-written motd\n", "etc/old/a.conf": "old\n", "etc/issue": "Debian GNU/Linux 12\n" };
const unit = (v: string) => ({ wantedBy: ["multi-user.target"], serviceConfig: { ExecStart: `/bin/echo ${v}` } });
const first = [
  seedSystem,
  {
    environment: {
      etc: {
        "nix/nix.conf": { replaceExisting: true },
        "old/b.conf": { text: "b\n" },
        "app/copy.conf": { text: "v1\n", mode: "0644" },
        "app/mode.conf": { text: "same\n", mode: "0644" },
        "app/link.conf": { text: "link v1\n" },
        "app/gone.conf": { text: "gone\n", mode: "0600" },
        issue: { text: "ours\n", replaceExisting: true },
      },
    },
    users: { groups: { sudo: { members: ["alice"] } }, users: { bob: { isSystemUser: true, uid: 990, group: "alice" } } },
    systemd: { services: { web: unit("1"), gone: unit("gone") } },
  },
];
const second = [
  seedSystem,
  {
    environment: {
      etc: {
        motd: { text: "ours\n", replaceExisting: true },
        "x/y.conf": { text: "y\n", mode: "0600" },
        "app/copy.conf": { text: "v2\n", mode: "0644" },
        "app/mode.conf": { text: "same\n", mode: "0600" },
        "app/link.conf": { text: "link v2\n" },
      },
    },
    systemd: { services: { web: unit("2"), fresh: unit("fresh") } },
  },
];
const third = [seedSystem, { environment: { etc: { "app/copy.conf": { text: "v3\n", mode: "0640" }, "app/link.conf": { text: "link v3\n" } } } }];
const SKIP = ["/var/lib/system-manager/state", "/var/lib/system-manager/store", "/etc/.pwd.lock", "/etc/passwd-", "/etc/group-", "/etc/shadow-", "/etc/gshadow-"];

type Command = (root: string, fs: RootFs) => Promise<unknown>;
const switchTo = (storePath: string): Command => (root, fs) => activate(world(root, fs), { storePath }, false);
/** What `system-manager rollback` does. */
const rollback: Command = (root, fs) => {
  const { generation } = rollbackTarget(listGenerations(fs, () => 0), readState(fs).generation);
  return activate(world(root, fs), { storePath: generation.storePath, generation: generation.number }, false);
};
const deactivate: Command = (root, fs) => activate(world(root, fs), "nothing", false);

/** A root with `configs` built, the first `active` of them switched to in turn. */
async function prepare(configs: readonly (readonly unknown[])[], active: number): Promise<{ root: string; paths: string[] }> {
  const root = makeTree(fixture);
  const paths: string[] = [];
  for (const c of configs) paths.push(await build(root, c));
  for (const p of paths.slice(0, active)) await switchTo(p)(root, new RootFs(root));
  return { root, paths };
}

function read(root: string, path: string): string | undefined {
  try {
    return readFileSync(join(root, path), "utf8");
  } catch {
    return undefined;
  }
}

/** Nothing that was there before is lost: account lines, and every other file at its path or its backup. */
function assertNothingLost(root: string, at: string): void {
  assert.ok(read(root, "etc/passwd")?.startsWith(debianPasswd), `passwd lines lost ${at}`);
  assert.ok(read(root, "etc/shadow")?.startsWith(debianShadow), `shadow lines lost ${at}`);
  for (const [path, content] of Object.entries(fixture)) {
    if (/^etc\/(passwd|group|shadow|gshadow)$/.test(path) || typeof content !== "string") continue;
    assert.ok([path, path + ".system-manager-backup"].some((p) => read(root, p) === content), `${path} lost ${at}`);
  }
}

/** Kills `command` on a clone of `template` at every write in turn; after each, runs it again and compares. Returns the number of writes. */
async function crashEverywhere(template: string, command: Command, check?: (root: string) => void): Promise<number> {
  const reference = cloneTree(template);
  await command(reference, new RootFs(reference));
  const expected = snapshot(reference, SKIP);
  for (let crashAt = 0; ; crashAt++) {
    const root = cloneTree(template);
    try {
      await command(root, new CrashingFs(root, crashAt));
      return crashAt;
    } catch (e) {
      if (!(e instanceof Crash)) throw e;
    }
    assertNothingLost(root, `after a kill at write ${crashAt}`);
    await command(root, new RootFs(root));
    assert.deepEqual(snapshot(root, SKIP), expected, `running again after a kill at write ${crashAt} did not converge`);
    check?.(root);
  }
}

test("a first switch killed at any write converges when run again", { skip }, async () => {
  const { root, paths } = await prepare([first], 0);
  assert.ok((await crashEverywhere(root, switchTo(paths[0] as string))) > 15);
});

test("a switch that adds, changes (content, mode; copy, link) and removes files, users and units converges from a kill at any write", { skip }, async () => {
  const { root, paths } = await prepare([first, second], 1);
  assert.ok((await crashEverywhere(root, switchTo(paths[1] as string))) > 15);
});

test("a switch killed at any write, then switched to a third configuration instead, converges to that one", { skip }, async () => {
  const { root, paths } = await prepare([first, second, third], 1);
  const reference = cloneTree(root);
  await switchTo(paths[2] as string)(reference, new RootFs(reference));
  // The generation numbers may differ: the interrupted switch may have made its generation already.
  const skipProfiles = [...SKIP, "/var/lib/system-manager/profiles"];
  const expected = snapshot(reference, skipProfiles);
  for (let crashAt = 0; ; crashAt++) {
    const r = cloneTree(root);
    try {
      await switchTo(paths[1] as string)(r, new CrashingFs(r, crashAt));
      break;
    } catch (e) {
      if (!(e instanceof Crash)) throw e;
    }
    await switchTo(paths[2] as string)(r, new RootFs(r));
    assert.deepEqual(snapshot(r, skipProfiles), expected, `switching elsewhere after a kill at write ${crashAt} did not converge`);
    const current = listGenerations(new RootFs(r), () => 0).find((g) => g.current);
    assert.equal(current?.storePath, paths[2]);
  }
});

test("a rollback killed at any write resumes to the same generation when run again, with three generations", { skip }, async () => {
  const { root } = await prepare([first, second, third], 3);
  const writes = await crashEverywhere(root, rollback, (r) => assert.equal(currentGenerationNumber(new RootFs(r)), 2, "rolled back once, to generation 2"));
  assert.ok(writes > 10);
});

test("a rollback killed at any write resumes when run again, with two generations (never 'the oldest')", { skip }, async () => {
  const { root } = await prepare([first, second], 2);
  const writes = await crashEverywhere(root, rollback, (r) => assert.equal(currentGenerationNumber(new RootFs(r)), 1));
  assert.ok(writes > 10);
});

test("a deactivate killed at any write converges when run again", { skip }, async () => {
  const { root } = await prepare([first, second], 2);
  const writes = await crashEverywhere(root, deactivate, (r) => assert.equal(readState(new RootFs(r)).generation, null));
  assert.ok(writes > 10);
});
