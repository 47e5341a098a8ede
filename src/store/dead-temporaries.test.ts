/**
 * removeDeadTemporariesSince: a store listing that finds no temporary
 * leaves a stamp of the store directory, and while the directory is as
 * stamped the store is not listed again; a temporary made since changes
 * the directory and is removed; a directory whose change is not settled
 * (dir-stamp.ts) is not stamped; a stamp others may write is not read.
 */
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { STORE_DIR } from "./store-path.ts";
import { removeDeadTemporariesSince } from "./dead-temporaries.ts";

const scratch = mkdtempSync(join(tmpdir(), "sm-dead-temporaries-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

// A temporary whose writer is gone: no process has this pid (above Linux's largest pid_max).
const DEAD = ".tmp-4194999.1-deadbeef";

/** A root whose store holds one path, its directory last changed a minute ago, and where the stamp goes. */
function setup(name: string) {
  const root = join(scratch, name);
  const store = join(root, STORE_DIR);
  mkdirSync(join(store, "aaaa-path"), { recursive: true });
  const cacheDir = join(root, "cache");
  mkdirSync(cacheDir, { mode: 0o755 });
  const minuteAgo = new Date(Date.now() - 60_000);
  utimesSync(store, minuteAgo, minuteAgo);
  return { root, store, stamp: join(cacheDir, "store-swept") };
}

/** The store directory's stamp as the function writes it. */
const stampOf = (store: string) => {
  const st = statSync(store, { bigint: true });
  return `${st.ino}:${st.mtimeNs}\n`;
};

test("a listing that finds no temporary stamps the store; a dead writer's temporary made since is removed", () => {
  const { root, store, stamp } = setup("since");
  assert.deepEqual(removeDeadTemporariesSince(root, stamp), []);
  assert.equal(readFileSync(stamp, "utf8"), stampOf(store));
  mkdirSync(join(store, DEAD));
  writeFileSync(join(store, DEAD, "half"), "x");
  assert.deepEqual(removeDeadTemporariesSince(root, stamp), [DEAD]);
  assert.equal(existsSync(join(store, DEAD)), false);
});

test("while the store directory is as stamped, it is not listed", () => {
  const { root, store, stamp } = setup("unchanged");
  mkdirSync(join(store, DEAD));
  // A stamp naming the directory as it is now: as if no temporary had been there when it was written.
  writeFileSync(stamp, stampOf(store));
  assert.deepEqual(removeDeadTemporariesSince(root, stamp), []);
  assert.ok(existsSync(join(store, DEAD)), "not listed, so not seen");
});

test("a stamp others may write is not read, and a store whose last change is not settled is not stamped", () => {
  const { root, store, stamp } = setup("untrusted");
  mkdirSync(join(store, DEAD));
  writeFileSync(stamp, stampOf(store));
  chmodSync(stamp, 0o666);
  assert.deepEqual(removeDeadTemporariesSince(root, stamp), [DEAD]);
  rmSync(stamp);
  // The removal just changed the directory: as if that were this instant (its mtime ahead of the clock), it is not settled.
  const ahead = new Date(Date.now() + 60_000);
  utimesSync(store, ahead, ahead);
  assert.deepEqual(removeDeadTemporariesSince(root, stamp), []);
  assert.equal(existsSync(stamp), false);
});
