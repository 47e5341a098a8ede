/**
 * pkgs.emacs and its variants as Debian lays Emacs out (against the
 * fixture archive, with the real name table and Emacs's fixups): the variant's
 * program (emacs-nox) with its dump file under usr/libexec/emacs/<version>,
 * the Lisp and data of emacs-common under usr/share/emacs, and
 * emacs-bin-common's emacsclient, which its postinst links in a loop with
 * `do` on a line of its own and quoted words. bin/emacs runs the variant
 * with --dump-file and EMACSLOADPATH, EMACSDATA, EMACSDOC and EMACSPATH
 * naming the store (emacs-fixup.ts); a load path the caller set comes
 * first, and a second run through the script adds nothing.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { NAMES } from "../../src/packages/names.ts";
import { EMACS_FIXUPS } from "../../src/packages/debian/emacs-fixup.ts";
import { startFixture, type Fixture } from "./helpers/archive-fixture.ts";
import { fixtureUnavailable } from "./helpers/fixture-debs.ts";
import type { ArchiveDeb } from "./helpers/local-archive.ts";

const SYSTEM = "x86_64-linux";
const STORE = "/var/lib/system-manager/store";
const skip = fixtureUnavailable();
const V = "30.1";
const LIBEXEC = `usr/libexec/emacs/${V}/x86_64-linux-gnu`;

// The variant's program prints what it was started with.
const FAKE_EMACS = `#!/bin/sh
printf 'args=%s\\n' "$*"
printf 'EMACSLOADPATH=%s\\nEMACSDATA=%s\\nEMACSDOC=%s\\nEMACSPATH=%s\\n' "$EMACSLOADPATH" "$EMACSDATA" "$EMACSDOC" "$EMACSPATH"
`;

const EMACS: ArchiveDeb[] = [
  {
    name: "emacs-nox",
    version: `1:${V}+1-1`,
    arch: "all",
    depends: "emacs-bin-common, emacs-common",
    files: { "usr/bin/emacs-nox": { text: FAKE_EMACS, mode: 0o755 }, [`${LIBEXEC}/emacs.pdmp`]: { text: "dump\n" } },
    postinst: `#!/bin/sh\nset -e\nupdate-alternatives \\\n  --install /usr/bin/emacs emacs \\\n            /usr/bin/emacs-nox 28\n`,
  },
  {
    name: "emacs-bin-common",
    version: `1:${V}+1-1`,
    arch: "all",
    files: { "usr/bin/emacsclient.emacs": { text: "#!/bin/sh\necho client\n", mode: 0o755 }, [`${LIBEXEC}/hexl`]: { text: "#!/bin/sh\n", mode: 0o755 } },
    postinst: `#!/bin/sh\nset -e\n\nfor alt in emacsclient etags\ndo\n    update-alternatives \\\n        --install "/usr/bin/$alt" "$alt" "/usr/bin/$alt.emacs" "28" \\\n        --slave "/usr/share/man/man1/$alt.1.gz" "$alt.1.gz" \\\n        "/usr/share/man/man1/$alt.emacs.1.gz"\ndone\n`,
  },
  {
    name: "emacs-common",
    version: `1:${V}+1-1`,
    arch: "all",
    files: { [`usr/share/emacs/${V}/lisp/subdirs.el`]: { text: ";; subdirs\n" }, [`usr/share/emacs/${V}/etc/DOC`]: { text: "doc\n" }, "usr/share/emacs/site-lisp/subdirs.el": { text: ";; site\n" } },
  },
];

describe("Debian's Emacs from the store", { skip }, () => {
  let f: Fixture;
  let root: string;
  let out: string;
  /** bin/<name> of the output run with `env`, its store paths made the root's (as a store view shows them). */
  const run = (name: string, env: Record<string, string>, ...args: string[]) => {
    const script = readFileSync(join(root, out, "bin", name), "utf8").replaceAll(STORE, join(root, STORE));
    const r = spawnSync("sh", ["-c", script, name, ...args], { encoding: "utf8", env: { PATH: "/usr/bin:/bin", ...env } });
    assert.equal(r.status, 0, r.stderr);
    return Object.fromEntries(r.stdout.trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1).replaceAll(join(root, STORE), STORE)]));
  };
  /** The store path of the closure's .deb `name` (not the output, which has the same name as emacs-nox's). */
  const member = (name: string) => `${STORE}/${readdirSync(join(root, STORE)).find((n) => `${STORE}/${n}` !== out && new RegExp(`^[0-9a-z]{32}-${name}-${V.replace(".", "\\.")}`).test(n))}`;
  before(async () => {
    f = await startFixture(() => ({ test: EMACS }));
    root = f.dir("root");
    const s = f.session(root, join(f.dir("config"), "system-manager.lock"), { debian: { names: NAMES, fixups: EMACS_FIXUPS } });
    out = s.lookup("emacs-nox", SYSTEM).outPath;
    await s.realise([out]);
  });
  after(() => f?.stop());

  test("bin/ has emacs, the variant's own name, and emacsclient from emacs-bin-common's loop (its etags is not in the package)", () => {
    assert.deepEqual(readdirSync(join(root, out, "bin")).sort(), ["emacs", "emacs-nox", "emacsclient", "emacsclient.emacs"]);
  });

  test("bin/emacs runs the variant with its dump file, and Lisp, data and helper programs of the store", () => {
    const common = `${member("emacs-common")}/usr/share/emacs`;
    const got = run("emacs", {}, "--batch", "-Q");
    assert.equal(got.args, `--dump-file=${member("emacs-nox")}/${LIBEXEC}/emacs.pdmp --batch -Q`);
    assert.equal(got.EMACSLOADPATH, `${common}/${V}/site-lisp:${common}/site-lisp:${common}/${V}/lisp`);
    assert.equal(got.EMACSDATA, `${common}/${V}/etc`);
    assert.equal(got.EMACSDOC, `${common}/${V}/etc`);
    assert.equal(got.EMACSPATH, `${member("emacs-bin-common")}/${LIBEXEC}`);
    assert.deepEqual(run("emacs-nox", {}, "--batch", "-Q"), got, "the variant's own name runs the same way");
  });

  test("a load path the caller set comes first (its empty element dropped); one already holding ours is kept as it is", () => {
    const first = run("emacs", { EMACSLOADPATH: "/mine:", EMACSPATH: "/tools" });
    assert.match(first.EMACSLOADPATH as string, /^\/mine:\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-emacs-common-/);
    assert.match(first.EMACSPATH as string, /-emacs-bin-common-[^:]*:\/tools$/);
    const again = run("emacs", { EMACSLOADPATH: (first.EMACSLOADPATH as string).replaceAll(STORE, join(root, STORE)), EMACSPATH: (first.EMACSPATH as string).replaceAll(STORE, join(root, STORE)) });
    assert.equal(again.EMACSLOADPATH, first.EMACSLOADPATH);
    assert.equal(again.EMACSPATH, first.EMACSPATH);
  });
});
