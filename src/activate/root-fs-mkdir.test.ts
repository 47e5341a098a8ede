import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RootFs } from "./root-fs.ts";
import { UserError } from "../diagnostics/user-error.ts";

const isRoot = process.getuid?.() === 0;

test("mkdirOwned() puts the directory in place already owned and moded; a crash's leftover temporary is cleared", { skip: isRoot ? false : "needs root (chown)" }, () => {
  const root = mkdtempSync(join(tmpdir(), "sm-mkdir-"));
  mkdirSync(join(root, "home"));
  // What a crash between mkdir and chown would have left under the temporary name.
  mkdirSync(join(root, "home", ".alice.system-manager-new"));
  new RootFs(root).mkdirOwned("/home/alice", 0o750, 5000, 5001);
  const st = lstatSync(join(root, "home/alice"));
  assert.deepEqual([st.isDirectory(), st.uid, st.gid, st.mode & 0o7777], [true, 5000, 5001, 0o750]);
  assert.deepEqual(readdirSync(join(root, "home")), ["alice"]);
  assert.equal(existsSync(join(root, "home", ".alice.system-manager-new")), false);
});

test("mkdirOwned() refuses, and changes nothing, when the leftover temporary was written into since (it is never removed recursively)", () => {
  const root = mkdtempSync(join(tmpdir(), "sm-mkdir-"));
  mkdirSync(join(root, "home", ".alice.system-manager-new", "sub"), { recursive: true });
  writeFileSync(join(root, "home", ".alice.system-manager-new", "sub", "f"), "hers\n");
  assert.throws(
    () => new RootFs(root, { ownership: false }).mkdirOwned("/home/alice", 0o750, 5000, 5001),
    (e: unknown) => e instanceof UserError && /^Cannot create '\/home\/alice' .*: '\/home\/\.alice\.system-manager-new' is in the way\. An interrupted activation made it, and it is no longer an empty directory/.test(e.message),
  );
  assert.deepEqual(readdirSync(join(root, "home")), [".alice.system-manager-new"]);
  assert.equal(readFileSync(join(root, "home", ".alice.system-manager-new", "sub", "f"), "utf8"), "hers\n");
});
