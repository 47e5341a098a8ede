/**
 * The evaluation cache and a flake's own directory, end to end through the
 * installed CLI: a tree whose files were saved again unchanged, touched,
 * or (in git) whose index git refreshed is not evaluated again, as its
 * content is what `self` shows; a new file, a new commit, a file staged,
 * or (outside git) new times when the evaluation read `self.lastModified`
 * evaluate again. A change undone is answered by the entry from before
 * it, and an entry answered by its tree's content is written again with
 * the tree's stat, so the next build does not read the content. The
 * flake's builtins.trace is printed only when it is evaluated.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { systemFlake } from "../helpers/scratch-flake.ts";
import { EVAL_CACHE_DIR } from "../../src/build/eval-cache/cache-file.ts";
import { sourceFingerprint } from "../../src/build/eval-cache/source-fingerprint.ts";

const CLI = resolve(import.meta.dirname, "../../bin/system-manager.js");
const TRACE = "trace: evaluating the flake";

/** A flake whose module sets /etc/motd to `text` (Nix, `self` in scope). */
function setup(text: string) {
  const f = systemFlake("sm-eval-cache-tree-", `(import ./module.nix self)`);
  writeFileSync(join(f.flake, "module.nix"), `self: { ... }: builtins.trace "evaluating the flake" { nixpkgs.hostPlatform = "x86_64-linux"; environment.etc."motd".text = ${text}; }\n`);
  const build = () => {
    const r = spawnSync(process.execPath, [CLI, "build", "--flake", f.flake, "--root", f.root], { encoding: "utf8", env: f.env });
    assert.equal(r.status, 0, r.stderr);
    return { evaluated: r.stderr.includes(TRACE), path: r.stdout.trim().split("\n").at(-1) as string };
  };
  const git = (...args: string[]) => {
    const r = spawnSync("git", ["-C", f.flake, ...args], { encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" } });
    assert.equal(r.status, 0, r.stderr);
  };
  /** Every file written again with what it holds, and its times moved on. */
  const saveAgain = (...names: string[]) => {
    for (const n of names) {
      const p = join(f.flake, n);
      writeFileSync(p, readFileSync(p));
      const later = new Date(Date.now() + 120_000);
      utimesSync(p, later, later);
    }
  };
  return { ...f, build, git, saveAgain };
}

test("outside git: files saved again unchanged are not evaluated again; a new file is", () => {
  const s = setup(`"hello"`);
  const first = s.build();
  assert.ok(first.evaluated);
  s.saveAgain("flake.nix", "module.nix");
  const again = s.build();
  assert.equal(again.evaluated, false, "the tree's content is unchanged");
  assert.equal(again.path, first.path);
  writeFileSync(join(s.flake, "notes.txt"), "x");
  assert.ok(s.build().evaluated, "a new file is part of self");
});

test("outside git: an evaluation that read self.lastModified is evaluated again when the tree's times move on", () => {
  const s = setup(`toString self.lastModified`);
  const first = s.build();
  assert.ok(first.evaluated);
  assert.equal(s.build().evaluated, false);
  s.saveAgain("module.nix");
  const touched = s.build();
  assert.ok(touched.evaluated, "lastModified is the newest mtime");
  assert.notEqual(touched.path, first.path);
  assert.equal(s.build().evaluated, false);
});

test("in git: a refreshed index and files saved again are not evaluated again; a staged file and a new commit are", () => {
  const s = setup(`self.rev or self.dirtyRev`);
  s.git("init", "-q");
  s.git("add", "-A");
  s.git("commit", "-q", "-m", "one");
  const first = s.build();
  assert.ok(first.evaluated);
  s.saveAgain("flake.nix", "module.nix");
  s.git("status", "--porcelain");
  assert.equal(s.build().evaluated, false, "same HEAD, same index entries, same content");
  s.git("commit", "-q", "--allow-empty", "-m", "two");
  const committed = s.build();
  assert.ok(committed.evaluated, "HEAD moved: self.rev");
  assert.notEqual(committed.path, first.path);
  writeFileSync(join(s.flake, "notes.txt"), "x");
  assert.ok(s.build().evaluated, "a new file in the tree");
  s.git("add", "notes.txt");
  const staged = s.build();
  assert.ok(staged.evaluated, "a file staged: git tracks it, and the tree is dirty");
  assert.equal(s.build().evaluated, false);
});

test("a change undone is answered by the entry from before it; an entry answered by content is written again with the tree's stat", () => {
  const s = setup(`"hello"`);
  const first = s.build();
  assert.ok(first.evaluated);
  const module = join(s.flake, "module.nix");
  const original = readFileSync(module, "utf8");
  writeFileSync(module, original.replace(`"hello"`, `"bye"`));
  const changed = s.build();
  assert.ok(changed.evaluated);
  assert.notEqual(changed.path, first.path);
  writeFileSync(module, original);
  const undone = s.build();
  assert.equal(undone.evaluated, false, "the configuration of before, from its entry");
  assert.equal(undone.path, first.path);
  // The tree's stat now is not what either entry recorded: the hit held by content, and its entry now holds the stat.
  const flakeDigest = (built: string) => {
    const cache = join(s.root, EVAL_CACHE_DIR);
    for (const n of readdirSync(cache).filter((f) => f.endsWith(".json"))) {
      // An entry's first line (entry-file.ts); its closure follows.
      const e = JSON.parse(readFileSync(join(cache, n), "utf8").split("\n")[0] as string) as { deps: { kind: string; path: string; digest: string }[]; result: { storePath: string } };
      // The build prints the generation under its root; the entry holds its store path.
      if (built === join(s.root, e.result.storePath)) return e.deps.find((d) => d.kind === "flake" && d.path === s.flake)?.digest;
    }
    return undefined;
  };
  assert.equal(flakeDigest(first.path)?.split(" ")[0], sourceFingerprint(s.flake));
  assert.equal(s.build().evaluated, false);
  assert.equal(s.build().path, first.path);
});
