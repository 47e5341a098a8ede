/**
 * Against the real archive (skipped, with the reason, when Debian's
 * archive is unreachable or we are not root): pkgs.emacs-nox for a Debian
 * 12 host, in the store of a Debian 12 minbase root that has no Emacs.
 * Debian 12's Emacs 28 is older than nixpkgs' (and aborts at start without
 * its Lisp sources), so Debian 13's is taken; bin/emacs runs it with its
 * dump file, Lisp and data from the store (emacs-fixup.ts): Org and
 * use-package load, and a daemon answers bin/emacsclient (linked by
 * emacs-bin-common's update-alternatives loop).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PackageSession } from "../../src/packages/package-session.ts";
import { chroot, minbaseRoot, realArchiveUnavailable } from "./helpers/real-archive.ts";

const skip = await realArchiveUnavailable();
const SYSTEM = "x86_64-linux";

describe("pkgs.emacs-nox from the store of a Debian 12 root", { skip }, () => {
  let scratch: string;
  let root: string;
  let emacs: string;
  let version: string;
  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), "sm-emacs-archive-"));
    root = minbaseRoot(scratch);
    const session = new PackageSession({ root, lockPath: join(scratch, "system-manager.lock"), provider: "debian", debian: { osRelease: "ID=debian\nVERSION_CODENAME=bookworm\n" } });
    const info = session.lookup("emacs-nox", SYSTEM);
    emacs = info.outPath;
    version = info.version;
    await session.realise([emacs]);
  });
  after(() => {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  test("Debian 13's Emacs, not Debian 12's 28", () => {
    assert.ok(!version.startsWith("28."), version);
    assert.equal(chroot(root, "test -e /usr/bin/emacs || test -e /usr/share/emacs; echo $?").out, "1\n", "the root has no Emacs of its own");
  });

  test("bin/emacs evaluates with Org and use-package", () => {
    const r = chroot(root, `HOME=/tmp ${emacs}/bin/emacs --batch --eval "(progn (require 'org) (require 'use-package) (princ (format \\"%s %s\\" emacs-major-version (featurep 'use-package))))"`);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /^(29|[3-9]\d) t$/m);
  });

  test("a daemon answers bin/emacsclient", () => {
    const r = chroot(root, `export HOME=/tmp; ${emacs}/bin/emacs --daemon=sm-test >/dev/null 2>&1 && ${emacs}/bin/emacsclient -s sm-test --eval "(+ 1 2)"; status=$?; ${emacs}/bin/emacsclient -s sm-test --eval "(kill-emacs)" >/dev/null 2>&1; exit $status`);
    assert.equal(r.status, 0, r.out);
    assert.equal(r.out, "3\n");
  });
});
