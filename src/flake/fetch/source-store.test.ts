import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STORE_DIR } from "../../store/store-path.ts";
import { inStore } from "./source-store.ts";
import type { FetchContext } from "./fetch-context.ts";

test("a fetched tree whose top directory was left writable (killed between the rename and the chmod) is sealed when found again", () => {
  const root = mkdtempSync(join(tmpdir(), "sm-source-store-"));
  try {
    const storePath = `${STORE_DIR}/0123456789abcdfghijklmnpqrsvwxyz-source`;
    mkdirSync(join(root, storePath), { recursive: true, mode: 0o755 });
    writeFileSync(join(root, storePath, "flake.nix"), "{ outputs = _: { }; }\n", { mode: 0o444 });
    const ctx = { storeRoot: root } as FetchContext;
    assert.equal(inStore(ctx, storePath), true);
    assert.equal(lstatSync(join(root, storePath)).mode & 0o777, 0o555);
    assert.equal(inStore(ctx, `${STORE_DIR}/0123456789abcdfghijklmnpqrsvwxy0-source`), false, "a path the store lacks");
  } finally {
    chmodSync(join(root, `${STORE_DIR}/0123456789abcdfghijklmnpqrsvwxyz-source`), 0o755);
    rmSync(root, { recursive: true, force: true });
  }
});
