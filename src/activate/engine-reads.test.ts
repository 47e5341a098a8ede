import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RootFs } from "./root-fs.ts";
import { activeHomeVersions, chooseEngine, homeEngine, homeManifestsRead, runningEngine } from "./engine-reads.ts";
import { emptyState, STATE_PATH } from "./state.ts";
import { STORE_DIR } from "../store/store-path.ts";

const OLD = `${STORE_DIR}/${"a".repeat(32)}-system-manager-engine-0.1.0`;
const NEW = `${STORE_DIR}/${"b".repeat(32)}-system-manager-engine-0.1.0`;
const HOME1 = `${STORE_DIR}/${"c".repeat(32)}-home-manager-generation`;
const HOME2 = `${STORE_DIR}/${"d".repeat(32)}-home-manager-generation`;

/** A root with an engine from before lib/home-manifests (OLD), one that reads 1 and 2 (NEW), and a home generation of each version. */
function fixture(t: { after: (fn: () => void) => void }) {
  const root = mkdtempSync(join(tmpdir(), "sm-engine-reads-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const put = (path: string, text: string) => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  put(`${OLD}/lib/engine.cjs`, "");
  put(`${NEW}/lib/engine.cjs`, "");
  put(`${NEW}/lib/home-manifests`, "1 2\n");
  put(`${HOME1}/home.json`, JSON.stringify({ version: 1 }));
  put(`${HOME2}/home.json`, JSON.stringify({ version: 2 }));
  const state = (homes: Record<string, string>) => put(STATE_PATH, JSON.stringify({ ...emptyState, homeGenerations: homes }));
  return { root, fs: new RootFs(root), state };
}

test("homeManifestsRead(): an engine's lib/home-manifests; an engine without one reads version 1", (t) => {
  const { fs } = fixture(t);
  assert.deepEqual(homeManifestsRead(fs, OLD), [1]);
  assert.deepEqual(homeManifestsRead(fs, NEW), [1, 2]);
});

test("activeHomeVersions(): the versions of the home generations the state names; one that cannot be read is left out", (t) => {
  const { fs, state } = fixture(t);
  assert.deepEqual(activeHomeVersions(fs), []);
  state({ alice: HOME2, bob: HOME1, carol: `${STORE_DIR}/${"e".repeat(32)}-home-manager-generation` });
  assert.deepEqual(activeHomeVersions(fs).sort(), [1, 2]);
});

test("chooseEngine(): the target's own engine, unless it cannot read an active home and the active generation's engine can", () => {
  const reads = (e: string) => (e === NEW ? [1, 2] : [1]);
  assert.equal(chooseEngine(OLD, NEW, [2], reads), NEW, "a rollback to a generation built before version 2, from a home of version 2");
  assert.equal(chooseEngine(OLD, NEW, [1], reads), OLD, "nothing active it cannot read: its own engine");
  assert.equal(chooseEngine(OLD, NEW, [], reads), OLD);
  assert.equal(chooseEngine(NEW, OLD, [1, 2], reads), NEW);
  assert.equal(chooseEngine(OLD, OLD, [2], reads), OLD, "no other engine: its own, which reports what it cannot read");
  assert.equal(chooseEngine(OLD, null, [2], reads), OLD);
  assert.equal(chooseEngine(null, NEW, [2], reads), null, "a generation without an engine is activated in the CLI's process");
});

test("homeEngine(): a generation's homes run with its engine, or with the running engine where that one reads fewer home.json versions", (t) => {
  const { fs } = fixture(t);
  const asNew = `/somewhere/root${NEW}/bin/../lib/engine.cjs`;
  assert.equal(runningEngine(fs, asNew), NEW);
  assert.equal(runningEngine(fs, "/usr/lib/node_modules/system-manager/bin/system-manager.js"), undefined);
  assert.equal(runningEngine(fs, `/proc/self/fd/4/${"f".repeat(32)}-system-manager-engine-0.1.0/lib/engine.cjs`), undefined, "not in this root's store");
  assert.equal(homeEngine(fs, OLD, asNew), NEW);
  assert.equal(homeEngine(fs, NEW, `${OLD}/lib/engine.cjs`), NEW);
  assert.equal(homeEngine(fs, OLD, "/checkout/bin/system-manager.js"), OLD, "run from the CLI: no engine of its own to offer");
  assert.equal(homeEngine(fs, null, asNew), null);
});
