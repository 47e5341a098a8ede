import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STORE_DIR } from "../../store/store-path.ts";
import { nixpkgsWorld as world } from "../../../test/helpers/nixpkgs-world.ts";
import { storeViewCommand } from "../../activate/home/store-view.ts";
import { NODEJS, NODEJS_NPM, NPM_REGISTRY } from "../prebuilt/table.ts";

/** Stand-ins for nodejs-slim_N's store paths (the prebuilt provider's): bin/node runs this test's own node. */
function hostNode(root: string) {
  return async (paths: readonly string[]) => {
    for (const p of paths) {
      if (!/-nodejs-slim_\d+(-|$)/.test(p)) throw new Error(`no stand-in for ${p}`);
      mkdirSync(join(root, p, "bin"), { recursive: true });
      writeFileSync(join(root, p, "bin", "node"), `#!/bin/sh\nexec ${process.execPath} "$@"\n`, { mode: 0o755 });
    }
  };
}

/** `program args` run with the root's store seen where it belongs; undefined where no store view can be made here. */
function inStore(root: string, program: string, args: readonly string[]): string | undefined {
  const view = storeViewCommand(join(root, STORE_DIR), STORE_DIR, process.getuid?.() ?? 0, process.getgid?.() ?? 0, program, args);
  if (view === undefined) return undefined;
  const r = spawnSync(view.command, [...view.args], { encoding: "utf8", env: { PATH: "/usr/bin:/bin", HOME: tmpdir() } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test("nodejs is nixpkgs' default (24) with npm; each nodejs_N is its release build joined with the npm that release bundles, from the registry", () => {
  const w = world();
  try {
    assert.equal(w.evalWith(`pkgs.nodejs.version`), NODEJS["nodejs-slim_24"]?.version);
    assert.equal(w.evalWith(`pkgs.nodejs.name`), `nodejs-${NODEJS["nodejs-slim_24"]?.version}`);
    assert.equal(w.evalWith(`pkgs.nodejs.meta.mainProgram`), "node");
    assert.equal(w.evalWith(`pkgs.nodejs-slim.outPath == pkgs.nodejs-slim_24.outPath`), true);
    assert.equal(w.evalWith(`pkgs.nodejs_latest.version`), NODEJS["nodejs-slim_26"]?.version);
    const npm = { "20": "10.8.2", "22": "10.9.9", "24": "11.19.1", "26": "11.20.0" };
    assert.deepEqual(Object.keys(NODEJS_NPM), Object.keys(npm), "nodejs.nix builds each major version the table has");
    for (const [major, version] of Object.entries(npm)) {
      assert.equal(w.evalWith(`pkgs.nodejs_${major}.npm.version`), version);
      assert.equal(w.evalWith(`pkgs.nodejs-slim_${major}.npm.src.url`), `${NPM_REGISTRY}/npm/-/npm-${version}.tgz`);
      assert.equal(w.evalWith(`pkgs.nodejs_${major}.version`), NODEJS[`nodejs-slim_${major}`]?.version);
    }
  } finally {
    w.done();
  }
});

test("npm's programs are links to its scripts, which run with the nodejs-slim they belong to, not the node first on PATH", async () => {
  const src = mkdtempSync(join(tmpdir(), "npm-src-"));
  for (const cmd of ["npm", "npx"]) {
    mkdirSync(join(src, "bin"), { recursive: true });
    writeFileSync(join(src, "bin", `${cmd}-cli.js`), `#!/usr/bin/env node\nconsole.log("${cmd} " + process.argv.slice(2).join(" ") + " " + require("../lib/where.js"));\n`);
  }
  mkdirSync(join(src, "lib"));
  writeFileSync(join(src, "lib", "where.js"), "module.exports = process.execPath;\n");
  const w = world();
  try {
    const npm = await w.build(`pkgs.nodejs-slim_24.npm.overrideAttrs { src = builtins.path { path = ${JSON.stringify(src)}; name = "npm"; }; }`, hostNode(w.root));
    const slim = w.evalWith(`pkgs.nodejs-slim_24.outPath`) as string;
    assert.equal(readlinkSync(join(npm.disk, "bin/npm")), "../lib/node_modules/npm/bin/npm-cli.js");
    assert.equal(readlinkSync(join(npm.disk, "bin/npx")), "../lib/node_modules/npm/bin/npx-cli.js");
    assert.equal(readFileSync(join(npm.disk, "lib/node_modules/npm/bin/npx-cli.js"), "utf8").split("\n")[0], `#!${slim}/bin/node`);
    const out = inStore(w.root, `${npm.storePath}/bin/npm`, ["--version"]);
    if (out !== undefined) assert.equal(out, `npm --version ${process.execPath}\n`);
  } finally {
    w.done();
    rmSync(src, { recursive: true, force: true });
  }
});

const registryReachable = await fetch(`${NPM_REGISTRY}/npm/11.19.1`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.ok, () => false);

test("the real npm 11.19.1 from the registry: nodejs_24's bin/npm and bin/npx run it", { skip: registryReachable ? undefined : `${NPM_REGISTRY} is not reachable from here`, timeout: 5 * 60_000 }, async () => {
  const w = world();
  try {
    const nodejs = await w.build(`pkgs.nodejs_24`, hostNode(w.root));
    assert.match(readlinkSync(join(nodejs.disk, "bin/node")), /-nodejs-slim_24(-[0-9.]+)?\/bin\/node$/);
    // As nixpkgs' symlinkJoin (lndir) makes them: npm's relative links, to the join's links of npm's files.
    for (const cmd of ["npm", "npx"]) {
      assert.equal(readlinkSync(join(nodejs.disk, "bin", cmd)), `../lib/node_modules/npm/bin/${cmd}-cli.js`);
      assert.match(readlinkSync(join(nodejs.disk, `lib/node_modules/npm/bin/${cmd}-cli.js`)), new RegExp(`-npm-11\\.19\\.1/lib/node_modules/npm/bin/${cmd}-cli\\.js$`));
    }
    const npm = inStore(w.root, `${nodejs.storePath}/bin/npm`, ["--version"]);
    if (npm !== undefined) assert.equal(npm, "11.19.1\n");
    const npx = inStore(w.root, `${nodejs.storePath}/bin/npx`, ["--version"]);
    if (npx !== undefined) assert.equal(npx, "11.19.1\n");
  } finally {
    w.done();
  }
});
