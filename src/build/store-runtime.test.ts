/**
 * A node running from a runtime store path is recognised by where its
 * binary is, also when process.execPath is the dynamic loader that started
 * libexec/node (a wrapped runtime); ownNode then names the runtime's
 * bin/node to start this CLI again with, and any other node itself.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ownNode, storeRuntimeOf } from "./store-runtime.ts";
import { STORE_DIR } from "../store/store-path.ts";

test("a wrapped runtime started through the loader is its store path; ownNode is its bin/node", (t) => {
  const root = mkdtempSync(join(tmpdir(), "sm-store-runtime-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const entry = "0123456789abcdfghijklmnpqrsvwxyz-nodejs-20.20.2";
  const dir = join(root, STORE_DIR, entry);
  for (const sub of ["bin", "libexec"]) {
    mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, sub, "node"), "", { mode: 0o755 });
  }
  const loader = { execPath: "/lib64/ld-linux-x86-64.so.2", argv0: join(dir, "libexec", "node") };
  assert.deepEqual(storeRuntimeOf(loader.execPath, loader), { path: `${STORE_DIR}/${entry}`, name: "nodejs-20.20.2", dir });
  assert.equal(ownNode(loader), join(dir, "bin", "node"));
  const plain = { execPath: join(dir, "bin", "node"), argv0: "node" };
  assert.equal(ownNode(plain), join(dir, "bin", "node"));
});

test("any other node is started as it is", () => {
  const host = { execPath: process.execPath, argv0: "node" };
  assert.equal(storeRuntimeOf(host.execPath, host), undefined);
  assert.equal(ownNode(host), process.execPath);
});
