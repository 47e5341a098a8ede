import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { engineSource } from "./engine-source.ts";

const io = (node: string) => ({ stdout: () => undefined, stderr: () => undefined, env: { SYSTEM_MANAGER_NODE: node }, cwd: "/" });

test("engineSource(): a SYSTEM_MANAGER_NODE that is missing or a directory is a user error naming it (it was an internal error from the build)", () => {
  for (const node of ["/nonexistent/node", mkdtempSync(join(tmpdir(), "sm-node-dir-"))]) {
    assert.throws(() => engineSource(io(node)), (e: unknown) => e instanceof UserError && e.message.includes(`SYSTEM_MANAGER_NODE=${node}`));
  }
  assert.equal(engineSource(io(process.execPath)).node, process.execPath);
  assert.equal(engineSource(io("")).node, process.execPath);
});
