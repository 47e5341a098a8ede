/**
 * Runs a home-manager test's `nmt.script` as its harness (nmt) does: bash
 * with `set -uo pipefail` (a failing command does not stop it; `fail` does), `$TESTED` the tested tree (home-files/,
 * home-path/, activate), and nmt's assertion functions (ours, written
 * after nmt's documented behaviour: assertFileContent compares bytes and
 * shows a diff, assertFileRegex greps, normalizeStorePaths writes a copy
 * with store hashes zeroed and prints its path, relative paths are below
 * $TESTED). The script runs in a mount namespace where the store under
 * `root` is at the store directory (run-builder.ts), so every store path
 * it names that was realised can be read where it is named.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Derivation } from "../../src/nix/builtins/derivation-hash.ts";
import { runBuilder } from "../../src/packages/nixpkgs/run-builder.ts";
import { trustedStoreDir } from "../../src/store/write-store-path.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";

const PRELUDE = `set -uo pipefail
export PATH=/usr/local/bin:/usr/bin:/bin
fail() { echo "$1"; exit 1; }
_abs() { if [[ $1 == /* ]]; then echo "$1"; else echo "$TESTED/$1"; fi; }
assertPathNotExists() { if [[ -e $(_abs "$1") ]]; then fail "Expected $1 to be missing but it exists."; fi; }
assertFileExists() { if [[ ! -f $(_abs "$1") ]]; then fail "Expected $1 to exist but it was not found."; fi; }
assertFileIsExecutable() { if [[ ! -x $(_abs "$1") ]]; then fail "Expected $1 to be executable but it was not."; fi; }
assertFileIsNotExecutable() { if [[ -x $(_abs "$1") ]]; then fail "Expected $1 to not be executable but it was."; fi; }
assertDirectoryExists() { if [[ ! -d $(_abs "$1") ]]; then fail "Expected directory $1 to exist but it was not found."; fi; }
assertDirectoryNotEmpty() { if [[ -z $(ls -A "$(_abs "$1")") ]]; then fail "Expected directory $1 to not be empty but it was."; fi; }
assertLinkExists() { if [[ ! -L $(_abs "$1") ]]; then fail "Expected symlink $1 to exist but it was not found."; fi; }
assertLinkPointsTo() { if [[ $(readlink "$(_abs "$1")") != "$2" ]]; then fail "Expected symlink $1 to point to $2, but it was $(readlink "$(_abs "$1")")."; fi; }
sourceFile() { assertFileExists "$1"; source "$(_abs "$1")"; }
assertFileContains() { if ! grep -qF -- "$2" "$(_abs "$1")"; then fail "Expected $1 to contain $2 but it did not."; fi; }
assertFileRegex() { if ! grep -q "$2" "$(_abs "$1")"; then fail "Expected $1 to match $2 but it did not."; fi; }
assertFileNotRegex() { if grep -q "$2" "$(_abs "$1")"; then fail "Expected $1 to not match $2 but it did."; fi; }
assertFileContent() {
  if ! cmp -s "$(_abs "$1")" "$2"; then
    fail "Expected $1 to be same as $2 but were different:
$(diff -du --label actual --label expected "$(_abs "$1")" "$2")"
  fi
}
normalizeStorePaths() {
  local out
  out=$(mktemp)
  sed -E "s,($STORE_DIR|/nix/store)/[a-z0-9]{32}-,/nix/store/00000000000000000000000000000000-,g" "$(_abs "$1")" > "$out"
  echo "$out"
}
`;

export interface NmtRun {
  readonly code: number;
  readonly log: string;
}

/** Runs `script` against the tested tree `tested`, with the store of `root` mounted; `scratch` is an empty directory. */
export async function runNmtScript(script: string, tested: string, root: string, scratch: string): Promise<NmtRun> {
  mkdirSync(scratch, { recursive: true });
  const file = join(scratch, "nmt-script.sh");
  writeFileSync(file, `${PRELUDE}TESTED=${JSON.stringify(tested)}\nSTORE_DIR=${JSON.stringify(STORE_DIR)}\ncd "$TMPDIR"\n${script}\n`);
  const drv = { name: "nmt", outputs: new Map(), fixed: undefined, inputDrvs: new Map(), inputSrcs: new Set(), platform: "x86_64-linux", builder: "/usr/bin/bash", args: [file], env: new Map() } as Derivation;
  return runBuilder({ drv, storeDir: STORE_DIR, diskStore: trustedStoreDir(root), scratch: join(scratch, "run"), upper: join(scratch, "run", "upper") });
}
