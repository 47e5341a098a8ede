/**
 * pkgs.babelfish, which home-manager's fish module runs on
 * hm-session-vars.sh: what it writes, sourced by a real fish as that
 * module sources it, sets what sourcing the shell code from bash would.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nixpkgsWorld } from "../../../test/helpers/nixpkgs-world.ts";

const noFish = spawnSync("fish", ["--version"]).error !== undefined ? "fish is not installed (apt-get install fish)" : undefined;

// home-manager's hm-session-vars.sh, with what users put in sessionVariables and sessionVariablesExtra.
const SESSION_VARS = `# Only source this once.
if [ -n "\${__HM_SESS_VARS_SOURCED-}" ]; then return; fi
export __HM_SESS_VARS_SOURCED=1

export EDITOR="vim"
export GREETING="it's \\"quoted\\" && \\\\ back & forth"
export MULTI="line one
line two"
export PATH="$HOME/.local/bin\${PATH:+:}$PATH"
unset DROPME
echo "printed by the session variables"
`;

// What home-manager's fish module makes of babelfish's output (programs/fish.nix, sessionVarsPkg), then reads back.
const FISH = `set -gx DROPME 1
source $argv[1]
printf '%s\\n' "EDITOR=$EDITOR" "GREETING=$GREETING" "MULTI=$MULTI" "PATH1=$PATH[1]" "PATHS=$(count $PATH)"
set -q DROPME; or echo "DROPME erased"
set -gx EDITOR nano
setup_hm_session_vars
echo "again: EDITOR=$EDITOR"
`;

test("babelfish's fish code, sourced, sets what the shell code exports, erases what it unsets, and runs once", { skip: noFish }, async () => {
  const w = nixpkgsWorld();
  const dir = mkdtempSync(join(tmpdir(), "babelfish-"));
  try {
    const b = await w.build("pkgs.babelfish");
    const translated = spawnSync(join(b.disk, "bin/babelfish"), { input: SESSION_VARS, encoding: "utf8" });
    assert.equal(translated.status, 0, `${translated.error} ${translated.stderr}`);
    const file = join(dir, "hm-session-vars.fish");
    writeFileSync(file, `function setup_hm_session_vars;\n${translated.stdout}\nend\nsetup_hm_session_vars\n`);
    writeFileSync(join(dir, "check.fish"), FISH);
    const env = { HOME: "/home/ann", PATH: "/usr/bin:/bin", LANG: "C.UTF-8" };
    const r = spawnSync("fish", ["--no-config", join(dir, "check.fish"), file], { encoding: "utf8", env });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        "EDITOR=vim",
        `GREETING=it's "quoted" && \\ back & forth`,
        "MULTI=line one\nline two",
        "PATH1=/home/ann/.local/bin",
        "PATHS=3",
        "DROPME erased",
        // Exported __HM_SESS_VARS_SOURCED: the second run returns at once, as in bash.
        "again: EDITOR=nano",
        "",
      ].join("\n"),
    );
    assert.match(r.stderr, /printed by the session variables/, "what the code prints goes to standard error");
  } finally {
    w.done();
    rmSync(dir, { recursive: true, force: true });
  }
});
