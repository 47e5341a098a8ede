/**
 * Against Debian 13's real archive (skipped, with the reason, when
 * Debian's archive is unreachable or we are not root): the programs Debian
 * 13 builds as fixed-address executables (python3.13, and shellcheck, as
 * GHC links) run from the store of a Debian 12 minbase root. Debian 13's
 * patchelf (0.18), given an interpreter and a RUNPATH in one run, lays
 * them out with the moved dynamic section on a read-only page, and they
 * died of SIGSEGV before starting; the realiser finds that and patches
 * them again in two runs (src/packages/debian/run-patches.ts).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PackageSession } from "../../src/packages/package-session.ts";
import { readElf } from "../../src/packages/debian/elf.ts";
import { chroot, minbaseRoot, realArchiveUnavailable } from "./helpers/real-archive.ts";

const skip = await realArchiveUnavailable();
const SYSTEM = "x86_64-linux";

describe("Debian 13's fixed-address executables, patched by its patchelf 0.18, run from the store", { skip }, () => {
  let scratch: string;
  let root: string;
  let python3: string;
  let shellcheck: string;
  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), "sm-fixed-address-"));
    root = minbaseRoot(scratch);
    const session = new PackageSession({ root, lockPath: join(scratch, "system-manager.lock"), provider: "debian", debian: { osRelease: "ID=debian\nVERSION_CODENAME=trixie\n" } });
    python3 = session.lookup("python3", SYSTEM).outPath;
    shellcheck = session.lookup("shellcheck", SYSTEM).outPath;
    await session.realise([python3, shellcheck]);
  });
  after(() => {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  test("python3.13 is a fixed-address executable, and runs", () => {
    const r = chroot(root, `${python3}/bin/python3 -c "import sys, json; print(sys.version_info[:2], json.dumps([1]))"`);
    assert.equal(r.status, 0, r.out);
    assert.equal(r.out, "(3, 13) [1]\n");
  });

  test("shellcheck (GHC's) is a fixed-address executable, and runs", () => {
    const r = chroot(root, `${shellcheck}/bin/shellcheck --version`);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /^ShellCheck - shell script analysis tool\nversion: 0\.\d+\.\d+/);
    const target = chroot(root, `readlink -f ${shellcheck}/bin/shellcheck`).out.trim();
    assert.equal(readElf(join(root, target))?.executable, true, "the case this test is about: not position-independent");
  });
});
