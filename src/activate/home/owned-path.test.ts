import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, lchownSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { followOwned } from "./owned-path.ts";

const isRoot = process.getuid?.() === 0;
const me = process.geteuid?.() ?? 0;

function tree() {
  const top = realpathSync(mkdtempSync(join(tmpdir(), "sm-owned-")));
  mkdirSync(join(top, "home/alice"), { recursive: true });
  mkdirSync(join(top, "data/local/state"), { recursive: true });
  return top;
}

test("links are followed within the top: absolute targets under it, .. never above it; what is missing is appended", () => {
  const top = tree();
  symlinkSync("/data/local", join(top, "home/alice/.local"));
  assert.deepEqual(followOwned(top, top, "/home/alice/.local/state/nix", [me]), { host: join(top, "data/local/state/nix"), existing: join(top, "data/local/state"), missing: ["nix"] });
  symlinkSync("../../../../../data/local", join(top, "home/alice/up"));
  assert.equal(followOwned(top, top, "/home/alice/up/state", [me])?.host, join(top, "data/local/state"));
});

test("a link or directory another user owns, or a directory others may write, is not followed", { skip: isRoot ? false : "needs root to own files as another user" }, () => {
  const top = tree();
  symlinkSync("../../data/local", join(top, "home/alice/.local"));
  lchownSync(join(top, "home/alice/.local"), 6000, 6000);
  assert.equal(followOwned(top, top, "/home/alice/.local/state", [5000]), undefined);
  lchownSync(join(top, "home/alice/.local"), 5000, 5000);
  assert.equal(followOwned(top, top, "/home/alice/.local/state", [5000])?.host, join(top, "data/local/state"));
  chmodSync(join(top, "data/local"), 0o777);
  assert.equal(followOwned(top, top, "/home/alice/.local/state", [5000]), undefined, "a world-writable directory on the way");
  chmodSync(join(top, "data/local"), 0o1777);
  assert.equal(followOwned(top, top, "/home/alice/.local/state", [5000])?.host, join(top, "data/local/state"), "a sticky one is fine");
});
