/**
 * The launcher's guess whether a build or switch will evaluate
 * (bin/build-ahead.js), which decides only whether the evaluation's worker
 * starts before any bundle loads: told to evaluate, no evaluation cache
 * yet, or the flake's directory or an entry in it newer than the cache's
 * directory; never for --config, --target-host, --store-path, --generation,
 * help, a thread with its own large stack, or a flake that is no local
 * directory. home-manager's cache
 * is in the user's state directory, and it has no default flake. Where the
 * caches and the default flake are comes from the CLI's own constants, so
 * the launcher's copies cannot drift unseen.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { likelyEvaluates } from "../../bin/build-ahead.js";
import { EVAL_CACHE_DIR } from "../../src/build/eval-cache/cache-file.ts";
import { DEFAULT_FLAKE } from "../../src/cli/default-flake.ts";
import { defaultStoreRoot } from "../../src/home/home-store-root.ts";

/** A flake and a root whose evaluation cache was last written at `cacheAt` (seconds), the flake's files at `flakeAt`. */
function scratch(cacheAt: number | undefined, flakeAt: number) {
  const dir = mkdtempSync(join(tmpdir(), "sm-build-ahead-"));
  const flake = join(dir, "flake");
  mkdirSync(flake);
  mkdirSync(join(flake, "modules"));
  for (const f of ["flake.nix", "flake.lock", "home.nix", "modules/git.nix", "modules"]) {
    if (f.endsWith(".nix") || f.endsWith(".lock")) writeFileSync(join(flake, f), "{}\n");
    utimesSync(join(flake, f), flakeAt, flakeAt);
  }
  utimesSync(flake, flakeAt, flakeAt);
  if (cacheAt !== undefined) {
    const cache = join(dir, "root", EVAL_CACHE_DIR);
    mkdirSync(cache, { recursive: true });
    utimesSync(cache, cacheAt, cacheAt);
  }
  return { dir, flake, root: join(dir, "root"), done: () => rmSync(dir, { recursive: true, force: true }) };
}

const env = { HOME: "/nonexistent" };

test("a flake unchanged since the cache was written: no evaluation expected", () => {
  const s = scratch(2000, 1000);
  try {
    assert.equal(likelyEvaluates(["switch", "--flake", s.flake, "--root", s.root], env, "/"), false);
    assert.equal(likelyEvaluates(["build", `--flake=path:${s.flake}#default`, `--root=${s.root}`], env, "/"), false);
  } finally {
    s.done();
  }
});

test("flake.nix, flake.lock, another file of the flake, a subdirectory or the flake's directory changed after the cache: an evaluation expected", () => {
  for (const changed of ["flake.nix", "flake.lock", "home.nix", "modules", ""]) {
    const s = scratch(2000, 1000);
    try {
      utimesSync(join(s.flake, changed), 3000, 3000);
      assert.equal(likelyEvaluates(["switch", "--flake", `${s.flake}#default`, "--root", s.root], env, "/"), true, changed || "the directory");
    } finally {
      s.done();
    }
  }
});

test("no evaluation cache under the root yet (a first build): an evaluation expected", () => {
  const s = scratch(undefined, 1000);
  try {
    assert.equal(likelyEvaluates(["build", "--flake", "flake", "--root", "root"], env, s.dir), true);
  } finally {
    s.done();
  }
});

test("flags that always evaluate, and those that never start a worker here", () => {
  const s = scratch(2000, 1000);
  try {
    const base = ["build", "--flake", s.flake, "--root", s.root];
    for (const f of ["--no-eval-cache", "--repair", "--refresh", "--recreate-lock-file", "--no-write-lock-file", "--update-input=nixpkgs", "--override-input"]) assert.equal(likelyEvaluates([...base, f], env, "/"), true, f);
    const ahead = scratch(undefined, 1000);
    try {
      const evaluating = ["build", "--flake", ahead.flake, "--root", ahead.root];
      assert.equal(likelyEvaluates(evaluating, env, "/"), true);
      for (const f of [["--config", "x.ts"], ["--config=x.ts"], ["--target-host", "h"], ["--store-path", "/x"], ["--generation", "3"], ["--help"], ["-h"]]) assert.equal(likelyEvaluates([...evaluating, ...f], env, "/"), false, f.join(" "));
      assert.equal(likelyEvaluates(evaluating, { ...env, SYSTEM_MANAGER_LARGE_STACK: "1" }, "/"), false);
    } finally {
      ahead.done();
    }
  } finally {
    s.done();
  }
});

test("a flake that is no local directory is not guessed at; without --flake, the one in ~/.config/system-manager", () => {
  assert.equal(likelyEvaluates(["build", "--flake", "github:numtide/system-manager"], env, "/"), false);
  const s = scratch(2000, 1000);
  try {
    const home = join(s.dir, "home");
    const defaultFlake = DEFAULT_FLAKE.replace(/^~/, home);
    mkdirSync(defaultFlake, { recursive: true });
    utimesSync(defaultFlake, 3000, 3000);
    assert.equal(likelyEvaluates(["switch", "--root", s.root], { HOME: home }, "/"), true);
    utimesSync(defaultFlake, 1000, 1000);
    assert.equal(likelyEvaluates(["switch", "--root", s.root], { HOME: home }, "/"), false);
  } finally {
    s.done();
  }
});

test("home-manager: its cache is in the user's state directory, and without --flake there is nothing to guess", () => {
  const s = scratch(undefined, 1000);
  try {
    const state = join(s.dir, "state");
    const henv = { HOME: join(s.dir, "home"), XDG_STATE_HOME: state };
    const cache = join(defaultStoreRoot(henv, henv.HOME), EVAL_CACHE_DIR);
    assert.equal(likelyEvaluates(["switch", "--flake", `${s.flake}#bench`], henv, "/", "home-manager"), true, "no cache yet");
    mkdirSync(cache, { recursive: true });
    utimesSync(cache, 2000, 2000);
    assert.equal(likelyEvaluates(["switch", "--flake", `${s.flake}#bench`], henv, "/", "home-manager"), false);
    assert.equal(likelyEvaluates(["-v", "build", "--flake", s.flake], henv, "/", "home-manager"), false);
    assert.equal(likelyEvaluates(["switch"], henv, "/", "home-manager"), false, "its default is a TypeScript configuration");
    utimesSync(join(s.flake, "home.nix"), 3000, 3000);
    assert.equal(likelyEvaluates(["switch", "--flake", `${s.flake}#bench`], henv, "/", "home-manager"), true);
  } finally {
    s.done();
  }
});
