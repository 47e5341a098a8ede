/**
 * A file we do not own that an entry replaces (replaceExisting: the host's
 * /etc/sudoers, sshd_config, nix.conf) is never missing from its path, at
 * whatever write a switch is killed: its backup is a second name of it,
 * made before ours is renamed over the path (a missing /etc/sudoers would
 * lock sudo until the next run). Run again, the switch goes on; a
 * deactivate instead leaves the host's file alone in its place, with no
 * backup left behind.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readlinkSync, existsSync, lstatSync, rmSync } from "node:fs";
import { join } from "node:path";
import { isRoot } from "../helpers/tree.ts";
import { Crash, CrashingFs, QuickFs, cloneTree } from "./crash-harness.ts";
import { deactivate, first, prepare, second, switchTo } from "./crash-scenarios.ts";

const skip = isRoot ? false : "needs root (chown to other users)";
const MOTD = "hand-written motd\n";

test("a switch replacing the host's /etc/motd, killed at any write, never leaves /etc/motd missing", { skip }, async () => {
  // The second configuration replaces /etc/motd (replaceExisting); the first, active before, does not touch it.
  const { root: template, paths } = await prepare([first, second], 1);
  let kills = 0;
  for (let crashAt = 0; ; crashAt++) {
    const root = cloneTree(template);
    try {
      await switchTo(paths[1] as string)(root, new CrashingFs(root, crashAt));
      rmSync(root, { recursive: true, force: true });
      break;
    } catch (e) {
      if (!(e instanceof Crash)) throw e;
    }
    kills++;
    const motd = join(root, "etc/motd");
    // Our link's target is absolute inside the root: lstat, not exists.
    assert.ok(lstatSync(motd, { throwIfNoEntry: false }) !== undefined, `/etc/motd missing after a kill at write ${crashAt}`);
    if (!lstatSync(motd).isSymbolicLink()) assert.equal(readFileSync(motd, "utf8"), MOTD, `after a kill at write ${crashAt}`);
    // Leaving instead of going on: the host's file is back, alone.
    const left = cloneTree(root);
    await deactivate(left, new QuickFs(left));
    assert.equal(readFileSync(join(left, "etc/motd"), "utf8"), MOTD, `deactivated after a kill at write ${crashAt}`);
    assert.equal(existsSync(join(left, "etc/motd.system-manager-backup")), false, `no backup left after a kill at write ${crashAt}`);
    // Going on: ours is in place and the host's file is kept as the backup.
    await switchTo(paths[1] as string)(root, new QuickFs(root));
    assert.match(readlinkSync(motd), /-system-manager\/etc\/motd$/, `switched again after a kill at write ${crashAt}`);
    assert.equal(readFileSync(join(root, "etc/motd.system-manager-backup"), "utf8"), MOTD);
    for (const r of [root, left]) rmSync(r, { recursive: true, force: true });
  }
  assert.ok(kills > 10, `only ${kills} kills`);
});
