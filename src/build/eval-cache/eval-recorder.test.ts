/**
 * What EvalRecorder records through nodeIO and PathAccess, and that each
 * kind of dependency stops holding when what it saw changes: a file's
 * content, a directory's listing, a path's existence and type, an
 * environment variable, a tree copied into the store, a flake's source
 * tree (a new file anywhere in it). Store paths are not recorded; an
 * --impure file naming currentTime makes the evaluation uncacheable.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeIO } from "../../nix/io.ts";
import { PathAccess } from "../../nix/path-access.ts";
import { STORE_DIR } from "../../store/store-path.ts";
import { firstChanged } from "./dependency.ts";
import { EvalRecorder } from "./eval-recorder.ts";

function recorded(root: string, f: () => void, impure = false): EvalRecorder {
  const r = new EvalRecorder({ root, impure });
  r.start();
  try {
    f();
  } finally {
    r.stop();
  }
  return r;
}

test("each kind of dependency holds until what it saw changes", () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-recorder-"));
  mkdirSync(join(dir, "d"));
  mkdirSync(join(dir, "tree"));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "f"), "a");
  writeFileSync(join(dir, "tree/x"), "x");
  const env: Record<string, string | undefined> = { GREETING: "hi" };
  process.env.SM_RECORDER_TEST = "hi";
  const access = new PathAccess({ pure: false });
  const r = recorded(dir, () => {
    nodeIO.readFile(join(dir, "f"));
    nodeIO.readDir(join(dir, "d"));
    nodeIO.pathExists(join(dir, "missing"));
    nodeIO.fileType(join(dir, "f"));
    nodeIO.getEnv("SM_RECORDER_TEST");
    access.check(join(dir, "tree"));
  });
  r.add("source", join(dir, "src"));
  delete process.env.SM_RECORDER_TEST;
  assert.deepEqual(r.dependencies.map((d) => d.kind), ["file", "dir", "exists", "type", "env", "tree", "source"]);
  const holds = () => firstChanged(r.dependencies, { SM_RECORDER_TEST: "hi", ...env });
  assert.equal(holds(), undefined);

  const changes: [string, () => void, () => void][] = [
    ["file", () => writeFileSync(join(dir, "f"), "b"), () => writeFileSync(join(dir, "f"), "a")],
    ["dir", () => writeFileSync(join(dir, "d/new"), ""), () => rmSync(join(dir, "d/new"))],
    ["exists", () => writeFileSync(join(dir, "missing"), ""), () => rmSync(join(dir, "missing"))],
    ["env", () => void (env.SM_RECORDER_TEST = "bye"), () => void delete env.SM_RECORDER_TEST],
    ["tree", () => writeFileSync(join(dir, "tree/y"), ""), () => rmSync(join(dir, "tree/y"))],
    ["source", () => symlinkSync("f", join(dir, "src/link")), () => rmSync(join(dir, "src/link"))],
  ];
  for (const [kind, change, undo] of changes) {
    change();
    assert.equal(holds()?.kind, kind, `${kind} changed`);
    undo();
    assert.equal(holds(), undefined, `${kind} restored`);
  }
  const linked = join(dir, "linked-src");
  symlinkSync(join(dir, "src"), linked);
  const viaLink = recorded(dir, () => undefined);
  viaLink.add("source", linked);
  writeFileSync(join(dir, "src/new"), "");
  assert.equal(firstChanged(viaLink.dependencies, {})?.kind, "source", "a source tree named through a link is walked where it is");
  rmSync(join(dir, "src/new"));
  rmSync(join(dir, "f"));
  writeFileSync(join(dir, "f"), "a");
  mkdirSync(join(dir, "g"));
  rmSync(join(dir, "f"));
  symlinkSync("g", join(dir, "f"));
  assert.equal(holds()?.kind, "file", "a file become a link to a directory");
});

test("store paths are not recorded; under --impure a file naming currentTime is uncacheable", () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-recorder-"));
  const inStore = join(dir, STORE_DIR, "aaaa-x");
  mkdirSync(inStore, { recursive: true });
  writeFileSync(join(inStore, "default.nix"), "builtins.currentTime");
  writeFileSync(join(dir, "clock.nix"), "builtins.currentTime");
  const pure = recorded(dir, () => nodeIO.readFile(join(inStore, "default.nix")));
  assert.deepEqual(pure.dependencies, []);
  assert.equal(recorded(dir, () => nodeIO.readFile(join(dir, "clock.nix"))).uncacheable, undefined);
  assert.match(recorded(dir, () => nodeIO.readFile(join(dir, "clock.nix")), true).uncacheable ?? "", /clock\.nix names currentTime/);
});
