/**
 * The harness that runs home-manager's own module tests (hm-fixtures.ts)
 * fails when a fixture's nmt.script fails: a file that differs (shown as
 * a diff), a regex that does not match; and passes a script whose
 * assertions hold over what it must build and show as home-manager's
 * harness does: a package's path as `@pname@`, a builder's output
 * realised, the activation script, home-path's session variables.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { upstream } from "../helpers/upstream.ts";
import { runFixtures } from "./hm-fixtures.ts";

const hm = upstream("home-manager");
const lib = upstream("nixpkgs.lib");
const skip = "skip" in hm ? hm.skip : "skip" in lib ? lib.skip : undefined;
const dirOf = (t: typeof hm) => ("dir" in t ? t.dir : "");

const fixture = (script: string) => `{ pkgs, ... }: {
  home.file."a.txt".text = "\${pkgs.hello}/bin/hello\\n";
  home.file."b".source = pkgs.runCommand "b" { } "echo built > $out";
  home.sessionVariables.HARNESS = "yes";
  home.activation.harness = "echo harness-entry";
  nmt.script = ''
    ${script}
  '';
}`;

test("home-manager's harness, emulated: passing and failing nmt scripts", { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-hm-harness-"));
  try {
    const files = {
      pass: fixture(`assertFileContent home-files/a.txt \${builtins.toFile "a" "@hello@/bin/hello\\n"}
    assertFileContent home-files/b \${builtins.toFile "b" "built\\n"}
    assertFileContains activate "echo harness-entry"
    assertFileRegex home-path/etc/profile.d/hm-session-vars.sh '^export HARNESS="yes"$'
    assertPathNotExists home-files/c`),
      differs: fixture(`assertFileContent home-files/a.txt \${builtins.toFile "a" "wrong\\n"}`),
      regex: fixture(`assertFileRegex home-files/b '^other$'`),
    };
    // Pure evaluation reads files of the flake: the fixtures are put in the directory of the flake runFixtures writes.
    const flake = join(dir, "flake-0");
    mkdirSync(flake);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(flake, `${name}.nix`), text);
    const results = await runFixtures(dirOf(hm), dirOf(lib), dir, Object.keys(files).map((n) => join(flake, `${n}.nix`)));
    assert.deepEqual(results[0]?.problems, []);
    assert.match(results[1]?.problems.join("\n") ?? "", /Expected home-files\/a\.txt to be same as .* but were different:[\s\S]*-@hello@\/bin\/hello\n\+wrong/);
    assert.match(results[2]?.problems.join("\n") ?? "", /Expected home-files\/b to match \^other\$ but it did not\./);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
