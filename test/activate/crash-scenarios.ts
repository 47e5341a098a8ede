/**
 * The crash suite's scenarios: a fixture /etc, three configurations that
 * add, change (content and mode; copy and link) and remove /etc files,
 * users and units, the commands as the CLI runs them, and the loop that
 * kills a command at every write in turn and checks that running it again
 * converges to the tree an uninterrupted run gives, losing nothing that
 * was there before.
 */
import assert from "node:assert/strict";
import { lstatSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { makeTree, snapshot } from "../helpers/tree.ts";
import { build, seedSystem, world } from "../helpers/system.ts";
import { debianEtc, debianPasswd, debianShadow } from "../fixtures/debian12-etc.ts";
import type { RootFs } from "../../src/activate/root-fs.ts";
import { activate } from "../../src/activate/activate.ts";
import { interrupted, listGenerations, rollbackTarget } from "../../src/activate/generations.ts";
import { readState } from "../../src/activate/state.ts";
import type { ServiceManager } from "../../src/activate/services/service-manager.ts";
import { Crash, CrashingFs, QuickFs, cloneTree } from "./crash-harness.ts";

export const fixture = { ...debianEtc, "etc/motd": "hand-written motd\n", "etc/old/a.conf": "old\n", "etc/issue": "Debian GNU/Linux 12\n" };
const unit = (v: string) => ({ wantedBy: ["multi-user.target"], serviceConfig: { ExecStart: `/bin/echo ${v}` } });
export const first = [
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
export const second = [
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
export const third = [seedSystem, { environment: { etc: { "app/copy.conf": { text: "v3\n", mode: "0640" }, "app/link.conf": { text: "link v3\n" } } } }];
export const SKIP = ["/var/lib/system-manager/state", "/var/lib/system-manager/store", "/etc/.pwd.lock", "/etc/passwd-", "/etc/group-", "/etc/shadow-", "/etc/gshadow-"];

export type Command = (root: string, fs: RootFs) => Promise<unknown>;
const worldOf = (root: string, fs: RootFs, services?: ServiceManager) => (services === undefined ? world(root, fs) : { ...world(root, fs), services });
export const switchTo = (storePath: string, services?: ServiceManager): Command => (root, fs) => activate(worldOf(root, fs, services), { storePath }, false);
/** What `system-manager rollback` does. */
export const rollback: Command = (root, fs) => {
  const state = readState(fs);
  const live = interrupted(state.inProgress, fs, (p) => lstatSync(fs.hostPath(p)).mtimeMs);
  const { generation } = rollbackTarget(listGenerations(fs, () => 0), state.generation, live);
  return activate(world(root, fs), { storePath: generation.storePath, generation: generation.number }, false);
};
export const deactivate: Command = (root, fs) => activate(world(root, fs), "nothing", false);

/** A root with `configs` built, the first `active` of them switched to in turn. */
export async function prepare(configs: readonly (readonly unknown[])[], active: number): Promise<{ root: string; paths: string[] }> {
  const root = makeTree(fixture);
  const paths: string[] = [];
  for (const c of configs) paths.push(await build(root, c));
  for (const p of paths.slice(0, active)) await switchTo(p)(root, new QuickFs(root));
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
export function assertNothingLost(root: string, at: string): void {
  assert.ok(read(root, "etc/passwd")?.startsWith(debianPasswd), `passwd lines lost ${at}`);
  assert.ok(read(root, "etc/shadow")?.startsWith(debianShadow), `shadow lines lost ${at}`);
  for (const [path, content] of Object.entries(fixture)) {
    if (/^etc\/(passwd|group|shadow|gshadow)$/.test(path) || typeof content !== "string") continue;
    assert.ok([path, path + ".system-manager-backup"].some((p) => read(root, p) === content), `${path} lost ${at}`);
  }
}

/**
 * Kills `command` on a clone of `template` at every write in turn; after
 * each kill, runs `again` (the same command unless given) and compares
 * with an uninterrupted `again` (with `expect: "before"`, with the tree
 * before the command), then runs `check`. Returns the number of writes
 * the command makes.
 */
export async function crashEverywhere(
  template: string,
  command: Command,
  opts: { again?: Command; expect?: "before"; skip?: readonly string[]; check?: (root: string) => void | Promise<void> } = {},
): Promise<number> {
  const again = opts.again ?? command;
  const skip = opts.skip ?? SKIP;
  const reference = cloneTree(template);
  if (opts.expect !== "before") await again(reference, new QuickFs(reference));
  const expected = snapshot(reference, skip);
  for (let crashAt = 0; ; crashAt++) {
    const root = cloneTree(template);
    try {
      await command(root, new CrashingFs(root, crashAt));
      for (const r of [root, reference]) rmSync(r, { recursive: true, force: true });
      return crashAt;
    } catch (e) {
      if (!(e instanceof Crash)) throw e;
    }
    assertNothingLost(root, `after a kill at write ${crashAt}`);
    await again(root, new QuickFs(root));
    assert.deepEqual(snapshot(root, skip), expected, `running again after a kill at write ${crashAt} did not converge`);
    await opts.check?.(root);
    // A clone that passed is removed (one that failed is left to look at).
    rmSync(root, { recursive: true, force: true });
  }
}
