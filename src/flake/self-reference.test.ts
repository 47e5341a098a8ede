/**
 * The seed flake with `programs.git.userName = builtins;` (a set that
 * contains itself, where a string belongs): the build ends quickly with
 * home-manager's type error, never in the runtime running out of memory
 * (the printing of such values is bounded: src/module-system/self-reference.test.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../cli/main.ts";
import { nodeStandIn } from "../../test/helpers/engine.ts";
import { NO_GITHUB } from "../../test/helpers/no-network.ts";

const repo = join(import.meta.dirname, "../..");

test("programs.git.userName = builtins fails the build quickly with a user error", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-self-"));
  const seed = readFileSync(join(repo, "examples/home-manager/flake.nix"), "utf8");
  assert.ok(seed.includes('userName = "Alice";'));
  writeFileSync(join(dir, "flake.nix"), seed.replace('userName = "Alice";', "userName = builtins;"));
  const r = { out: "", err: "", stdout: (t: string) => void (r.out += t), stderr: (t: string) => void (r.err += t), env: { SYSTEM_MANAGER_PACKAGES: "off", SYSTEM_MANAGER_NODE: nodeStandIn(), ...NO_GITHUB }, cwd: repo };
  const start = Date.now();
  const code = await main(["build", "--flake", dir, "--root", mkdtempSync(join(tmpdir(), "sm-root-"))], r);
  assert.ok(Date.now() - start < 30_000, `took ${Date.now() - start} ms`);
  assert.equal(code, 1, r.err);
  // home-manager's gitIniType refuses a set two levels below a section, as upstream does.
  assert.match(r.err, /^error: A definition for option `home-manager\.users\.alice\.programs\.git\.settings\.user\.name\.\S+' is not of type `string or boolean or signed integer or list of \(string or boolean or signed integer\)'/m, "after the warnings that GitHub is out of reach");
  assert.doesNotMatch(r.err, /internal error/);
});
