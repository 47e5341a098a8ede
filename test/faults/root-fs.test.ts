/**
 * RootFs writes under faults: a failed write or rename leaves no
 * temporary (`.#name.*`) behind, and the error names the file and why.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RootFs } from "../../src/activate/root-fs.ts";
import { faultError } from "../../src/cli/render-error.ts";
import { cleanup, fill, makeImmutable, needsRoot, readOnly, tmpfs } from "./faults.ts";

after(cleanup);

const message = (f: () => void): string => {
  try {
    f();
  } catch (e) {
    const u = faultError(e);
    assert.ok(u !== undefined, `not a fault: ${String(e)}`);
    return u.message;
  }
  assert.fail("no error");
};

test("an immutable file: writeFileAtomic fails with EPERM and leaves no temporary", { skip: needsRoot }, (t) => {
  const root = tmpfs(256);
  mkdirSync(join(root, "etc"));
  writeFileSync(join(root, "etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
  if (!makeImmutable(join(root, "etc/passwd"))) return t.skip("this filesystem does not support chattr +i");
  const fs = new RootFs(root);
  assert.equal(message(() => fs.writeFileAtomic("/etc/passwd", "new\n", { mode: 0o644 })), `Cannot replace ${root}/etc/passwd: operation not permitted`);
  assert.deepEqual(readdirSync(join(root, "etc")), ["passwd"]);
  assert.equal(message(() => fs.symlinkAtomic("/etc/passwd", "/elsewhere")), `Cannot replace ${root}/etc/passwd: operation not permitted`);
  assert.deepEqual(readdirSync(join(root, "etc")), ["passwd"]);
  assert.equal(readFileSync(join(root, "etc/passwd"), "utf8"), "root:x:0:0::/root:/bin/sh\n");
});

for (const leave of [0, 4, 32]) {
  test(`a full disk (${leave} KiB free): writeFileAtomic names the file, leaves no temporary, and works once there is room`, { skip: needsRoot }, () => {
    const root = tmpfs(128);
    mkdirSync(join(root, "etc"));
    fill(root, leave);
    const fs = new RootFs(root);
    assert.equal(message(() => fs.writeFileAtomic("/etc/big", Buffer.alloc(64 * 1024), { mode: 0o644 })), `Cannot write ${root}/etc/big: no space left on device`);
    assert.deepEqual(readdirSync(join(root, "etc")), []);
    for (const f of readdirSync(root).filter((n) => n.startsWith(".fill"))) writeFileSync(join(root, f), "");
    fs.writeFileAtomic("/etc/big", Buffer.alloc(64 * 1024), { mode: 0o644 });
    assert.deepEqual(readdirSync(join(root, "etc")), ["big"]);
  });
}

test("a read-only filesystem: the write is refused with the path and no temporary", { skip: needsRoot }, () => {
  const root = tmpfs(64);
  mkdirSync(join(root, "etc"));
  readOnly(root);
  const fs = new RootFs(root);
  assert.equal(message(() => fs.writeFileAtomic("/etc/x", "x", { mode: 0o644 })), `Cannot write ${root}/etc/x: read-only file system`);
  assert.equal(message(() => fs.mkdirs("/etc/d")), `Cannot create directory ${root}/etc/d: read-only file system`);
  readOnly(root, false);
  assert.deepEqual(readdirSync(join(root, "etc")), []);
});
