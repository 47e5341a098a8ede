import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nixpkgsWorld as world } from "../../../test/helpers/nixpkgs-world.ts";

test("pkgs.bash-preexec is nixpkgs': the repository's script at tag 0.6.0, checked against nixpkgs' hash", () => {
  const w = world();
  try {
    assert.equal(w.evalWith(`pkgs.bash-preexec.name`), "bash-preexec-0.6.0");
    assert.equal(w.evalWith(`pkgs.bash-preexec.src.url`), "https://github.com/rcaloras/bash-preexec/archive/0.6.0.tar.gz");
    assert.equal(w.evalWith(`pkgs.bash-preexec.src.outputHash`), "sha256-4DzbeIiUX7iXy2CeSvRC2X+XnjVk+/UiMbM/dLHx7zU=");
  } finally {
    w.done();
  }
});

test("pkgs.bash-preexec installs the script where home-manager's atuin module sources it, and bash runs its hooks", async () => {
  // The source stood in for (no network here): a checkout holding a bash-preexec.sh defining the hook arrays.
  const src = mkdtempSync(join(tmpdir(), "bash-preexec-src-"));
  writeFileSync(join(src, "bash-preexec.sh"), 'preexec_functions=()\nprecmd_functions=()\n__bp_loaded=yes\n');
  const w = world();
  try {
    const out = await w.build(`pkgs.bash-preexec.overrideAttrs { src = builtins.path { path = ${JSON.stringify(src)}; name = "source"; }; }`);
    const script = join(out.disk, "share/bash/bash-preexec.sh");
    assert.equal(readFileSync(script, "utf8"), readFileSync(join(src, "bash-preexec.sh"), "utf8"));
    assert.equal(statSync(script).mode & 0o777, 0o555);
    const r = spawnSync("bash", ["-c", `source ${script} && echo "$__bp_loaded"`], { encoding: "utf8" });
    assert.equal(r.stdout, "yes\n", r.stderr);
  } finally {
    w.done();
    rmSync(src, { recursive: true, force: true });
  }
});
