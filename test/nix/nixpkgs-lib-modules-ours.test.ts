/**
 * nixpkgs' module system tests (lib/tests/modules.sh, from a local copy
 * of nixpkgs.lib; skipped visibly without it) run by bash as upstream runs
 * them, with our lib and module system in place of nixpkgs': the test
 * tree is copied beside a lib/default.nix that returns our lib, and a
 * `nix-instantiate` evaluating with our evaluator (modules-sh-shim.ts,
 * bundled) comes first on PATH. At least MIN_PASSING checks must pass, so
 * the count only moves up (issue #14); the failing checks are printed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { upstream } from "../helpers/upstream.ts";

const MIN_PASSING = 394;

const tree = upstream("nixpkgs.lib");

test("nixpkgs' lib/tests/modules.sh with our lib and module system: the passing count does not fall", { skip: "skip" in tree ? tree.skip : undefined }, () => {
  if (!("dir" in tree)) return;
  const work = mkdtempSync(join(tmpdir(), "sm-modules-sh-"));
  try {
    mkdirSync(join(work, "lib"));
    cpSync(join(tree.dir, "lib/tests"), join(work, "lib/tests"), { recursive: true });
    writeFileSync(join(work, "lib/default.nix"), "builtins.__ourLib\n");
    mkdirSync(join(work, "bin"));
    buildSync({ entryPoints: [join(import.meta.dirname, "modules-sh-shim.ts")], bundle: true, platform: "node", format: "cjs", outfile: join(work, "shim.cjs"), logLevel: "error" });
    const shim = join(work, "bin/nix-instantiate");
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" --stack-size=4000 "${join(work, "shim.cjs")}" "$@"\n`);
    chmodSync(shim, 0o755);
    const r = spawnSync("bash", ["modules.sh"], { cwd: join(work, "lib/tests"), encoding: "utf8", env: { ...process.env, PATH: `${join(work, "bin")}:${process.env.PATH}` }, maxBuffer: 256 * 1024 * 1024 });
    const pass = Number(/(\d+) Pass/.exec(r.stdout)?.[1] ?? NaN);
    const fail = Number(/(\d+) Fail/.exec(r.stdout)?.[1] ?? NaN);
    const failed = [...r.stdout.matchAll(/TEST FAILED\S* at (modules\.sh:\d+)/g)].map((m) => m[1]);
    console.log(`# modules.sh with our lib and module system: ${pass} pass, ${fail} fail${failed.length > 0 ? ` (${failed.join(" ")})` : ""}`);
    assert.ok(Number.isInteger(pass), `modules.sh printed no summary:\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
    assert.ok(pass >= MIN_PASSING, `${pass} checks pass, fewer than the ${MIN_PASSING} that passed before`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
