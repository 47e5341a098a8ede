/**
 * The real home-manager's manual page (`docs.manPages`, what
 * manual.manpages.enable puts in home.packages) built with our package set
 * and nixpkgs' real lib: nixosOptionsDoc over every home-manager option,
 * then our nixos-render-docs (hm-manual-build.ts). The nixpkgs tree is
 * nixpkgs.lib's lib plus stand-ins for the two nixpkgs modules
 * home-manager's modular services import (nixpkgs.lib has no nixos/).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { upstream } from "../helpers/upstream.ts";
import { runWithLargeStack } from "../../src/cli/large-stack.ts";
import { STAND_INS, type ManualBuild } from "./hm-manual-build.ts";

const hm = upstream("home-manager");
const lib = upstream("nixpkgs.lib");
const skip = "skip" in hm ? hm.skip : "skip" in lib ? lib.skip : undefined;

test("the real home-manager's docs.manPages: home-configuration.nix(5) with every option, and home-manager(1)", { skip }, async () => {
  const work = mkdtempSync(join(tmpdir(), "sm-hm-manual-"));
  try {
    const tree = join(work, "nixpkgs");
    cpSync(join("dir" in lib ? lib.dir : "", "lib"), join(tree, "lib"), { recursive: true });
    for (const [rel, text] of Object.entries(STAND_INS)) {
      mkdirSync(join(tree, rel, ".."), { recursive: true });
      writeFileSync(join(tree, rel), text);
    }
    const root = join(work, "root");
    const hmDir = "dir" in hm ? hm.dir : "";
    const { out, evalMs, buildMs } = await runWithLargeStack<ManualBuild>(new URL("./hm-manual-build.ts", import.meta.url), "buildManual", [hmDir, tree, root]);
    process.stderr.write(`home-manager's manual: evaluated in ${evalMs} ms, built in ${buildMs} ms\n`);
    const page = readFileSync(join(root, out, "share/man/man5/home-configuration.nix.5"), "utf8");
    assert.match(page, /^\.TH "HOME-CONFIGURATION\\&\.NIX" "5"/);
    assert.match(page, /^\\fBprograms\\&\.git\\&\.enable\\fR\n\.RS 4\nWhether to enable Git\\&\.\n/m);
    assert.match(page, /\\fB<home\\-manager\/modules\/programs\/git\\&\.nix>\\fR/);
    assert.ok(page.split("\n.PP\n").length > 3000, "an entry per option");
    assert.match(page, /\.SH "AUTHORS"\n\.PP\nHome Manager contributors\n$/);
    assert.equal(readFileSync(join(root, out, "share/man/man1/home-manager.1"), "utf8"), readFileSync(join(hmDir, "docs/home-manager.1"), "utf8"));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
