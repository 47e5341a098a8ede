import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StagedPath } from "./staged-path.ts";
import { inputAddressedPath } from "./input-path.ts";
import { UserError } from "../diagnostics/user-error.ts";

const path = () => inputAddressedPath("test", "pkg-1.0", []);

test("a package is never staged through a symlinked store: nothing is written outside the root", () => {
  const root = mkdtempSync(join(tmpdir(), "sm-staged-"));
  const outside = mkdtempSync(join(tmpdir(), "sm-staged-outside-"));
  mkdirSync(join(root, "var/lib/system-manager"), { recursive: true });
  symlinkSync(outside, join(root, "var/lib/system-manager/store"));
  assert.throws(() => new StagedPath(root, path()), (e) => e instanceof UserError && /is a symlink/.test(e.message));
  assert.deepEqual(readdirSync(outside), []);
});

test("a package is never staged into a store others can write", () => {
  const root = mkdtempSync(join(tmpdir(), "sm-staged-"));
  mkdirSync(join(root, "var/lib/system-manager/store"), { recursive: true });
  chmodSync(join(root, "var/lib/system-manager/store"), 0o1777);
  assert.throws(() => new StagedPath(root, path()), UserError);
  assert.deepEqual(readdirSync(join(root, "var/lib/system-manager/store")), []);
});
