/**
 * Against Debian's real archive (skipped, with the reason, when it is
 * unreachable or we are not root): Debian's Python programs run from the
 * store of a debootstrap minbase root that has no Python at all: yamllint
 * (a `#!/usr/bin/python3` script whose modules, and PyYAML's C extension,
 * are in its closure) and pkgs.python3's own python3, whose standard
 * library is in other members of its closure than the interpreter; a
 * Python they start gets the caller's PYTHONPATH back, not theirs. And
 * a Perl program, ack, whose File::Next the root's own perl lacks; and
 * pkgs.perl's own perl (perl-base's), with the modules of its closure.
 * And Ruby, which the root has not either: pkgs.ruby's ruby with its
 * standard library and RubyGems (whose paths Debian's ruby has compiled
 * in under /usr) and gem; lolcat, a `#!/usr/bin/ruby` script in
 * usr/games whose paint and optimist are gems of its closure; what they
 * start inherits no path of ours.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PackageSession } from "../../src/packages/package-session.ts";
import { chroot, minbaseRoot, realArchiveUnavailable } from "./helpers/real-archive.ts";

const skip = await realArchiveUnavailable();
const SYSTEM = "x86_64-linux";


describe("Debian's Python, Perl and Ruby programs, run from the store in a minbase root without Python", { skip }, () => {
  let scratch: string;
  let root: string;
  let yamllint: string;
  let python3: string;
  let ack: string;
  let perl: string;
  let ruby: string;
  let lolcat: string;
  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), "sm-python-"));
    root = minbaseRoot(scratch);
    const session = new PackageSession({ root, lockPath: join(scratch, "system-manager.lock"), provider: "debian" });
    yamllint = session.lookup("yamllint", SYSTEM).outPath;
    python3 = session.lookup("python3", SYSTEM).outPath;
    ack = session.lookup("ack", SYSTEM).outPath;
    perl = session.lookup("perl", SYSTEM).outPath;
    ruby = session.lookup("ruby", SYSTEM).outPath;
    lolcat = session.lookup("lolcat", SYSTEM).outPath;
    await session.realise([yamllint, python3, ack, perl, ruby, lolcat]);
  });
  after(() => {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  test("the root has no Python of its own; bin/python3 and bin/yamllint are wrappers naming the closure's interpreter", () => {
    assert.notEqual(chroot(root, "command -v python3 || test -e /usr/bin/python3").status, 0);
    for (const [out, name] of [[python3, "python3"], [yamllint, "yamllint"]] as const) {
      const text = readFileSync(join(root, out, "bin", name), "utf8");
      assert.match(text, /^#!\/bin\/sh\n# system-manager: runs [^\n]+\nif [^\n]+\nif [^\n]+\nexport PYTHONHOME='\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-libpython3\.\d+-minimal-[^/]+\/usr'\nexport PYTHONPATH='[^']+'"\$\{PYTHONPATH:\+:\$PYTHONPATH\}"\nexec '\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-python3\.\d+-minimal-[^/]+\/usr\/bin\/python3\.\d+'/, text);
    }
  });

  test("yamllint runs, with PyYAML's C extension, and lints a file", () => {
    writeFileSync(join(root, "tmp/t.yaml"), "a: 1\nb:  2\n");
    const version = chroot(root, `${yamllint}/bin/yamllint --version`);
    assert.equal(version.status, 0, version.out);
    assert.match(version.out, /^yamllint \d+\.\d+/);
    const lint = chroot(root, `${yamllint}/bin/yamllint -f parsable /tmp/t.yaml`);
    assert.equal(lint.status, 1, lint.out);
    assert.match(lint.out, /^\/tmp\/t\.yaml:2:4: \[error\] too many spaces after colon \(colons\)$/m);
  });

  test("pkgs.python3 runs with its standard library, the caller's PYTHONPATH too; what it starts gets the caller's environment back", () => {
    writeFileSync(join(root, "tmp/mine.py"), "WHO = 'mine'\n");
    const script = "import json, ssl, mine, os; print(mine.WHO, os.environ.get('PYTHONHOME'), os.environ.get('PYTHONPATH'))";
    const r = chroot(root, `PYTHONPATH=/tmp ${python3}/bin/python3 -c "${script}"`);
    assert.equal(r.status, 0, r.out);
    assert.equal(r.out, "mine None /tmp\n");
    const python = chroot(root, `${python3}/bin/python -c "import sys; print(sys.version_info[0])"`);
    assert.equal(python.out, "3\n", "bin/python, as nixpkgs' python3 has it");
  });

  test("ack, a Perl script, runs with File::Next of its closure, which the root's perl lacks", () => {
    assert.notEqual(chroot(root, "perl -MFile::Next -e 1").status, 0);
    assert.match(readFileSync(join(root, ack, "bin/ack"), "utf8"), /^#!\/bin\/sh\n# system-manager: [^\n]+\nexec '\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-perl-base-[^/]+\/usr\/bin\/perl' .*'-I' '\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-libfile-next-perl-[^/]+\/usr\/share\/perl5'/);
    writeFileSync(join(root, "tmp/haystack.txt"), "hay\nneedle here\nhay\n");
    const r = chroot(root, `${ack}/bin/ack --version | head -1 && ${ack}/bin/ack --noenv needle /tmp/haystack.txt`);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /^ack v?3\.\d+\.\d+[^\n]*\nneedle here\n$/);
  });

  test("pkgs.perl has bin/perl, as nixpkgs' perl: perl-base's, run with its closure's modules (Math::BigInt and Time::Piece, which the root's perl lacks)", () => {
    assert.notEqual(chroot(root, "perl -MMath::BigInt -e 1").status, 0);
    assert.notEqual(chroot(root, "perl -MTime::Piece -e 1").status, 0);
    assert.match(readFileSync(join(root, perl, "bin/perl"), "utf8"), /^#!\/bin\/sh\n# system-manager: runs perl [^\n]+'s perl with [^\n]+\nexec '\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-perl-base-[^/]+\/usr\/bin\/perl' '-I' [^\n]+ "\$@"\n$/);
    writeFileSync(join(root, "tmp/args.pl"), "use Math::BigInt; use Time::Piece; print Math::BigInt->new($ARGV[0])->bpow(2), \" $ARGV[1]\\n\";\n");
    const r = chroot(root, `${perl}/bin/perl /tmp/args.pl 10000000000 two && ${perl}/bin/perl -e 'print qq(ok\\n)'`);
    assert.equal(r.status, 0, r.out);
    assert.equal(r.out, "100000000000000000000 two\nok\n");
  });

  test("pkgs.ruby runs with its standard library and RubyGems, and gem lists the closure's gems; a program it starts gets no load or gem path of ours", () => {
    assert.notEqual(chroot(root, "command -v ruby || test -e /usr/bin/ruby").status, 0);
    const script = "require 'json'; require 'openssl'; puts JSON.generate([Gem::VERSION.to_i > 0, OpenSSL::Digest::SHA256.hexdigest('')[0, 8]]); system('env')";
    const r = chroot(root, `${ruby}/bin/ruby -e "${script}"`);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /^\[true,"e3b0c442"\]\n/);
    assert.doesNotMatch(r.out, /RUBY|GEM_/, "what ruby starts inherits nothing of ours");
    const gem = chroot(root, `${ruby}/bin/gem list --local`);
    assert.equal(gem.status, 0, gem.out);
    assert.match(gem.out, /^json \(default: /m);
  });

  test("lolcat, a Ruby script in usr/games, runs with its closure's paint and optimist gems", () => {
    assert.match(readFileSync(join(root, lolcat, "bin/lolcat"), "utf8"), /^#!\/bin\/sh\n# system-manager: [^\n]+\nexec '\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-ruby3\.\d+-[^/]+\/usr\/bin\/ruby3\.\d+' '-I' [^\n]+ '-r' '\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-lolcat-[^/]+\/\.system-manager\/ruby\/closure-gems\.rb' '\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-lolcat-[^/]+\/usr\/games\/lolcat' "\$@"\n$/);
    const r = chroot(root, `echo needle | ${lolcat}/bin/lolcat --force --seed 7`);
    assert.equal(r.status, 0, r.out);
    assert.equal(r.out.replace(/\x1b\[[0-9;]*[mK]/g, "").replace(/\x1b\[\?25[lh]/g, ""), "needle\n");
    assert.match(r.out, /\x1b\[38;/, "in colours");
    for (const out of [ruby, lolcat, python3]) assert.deepEqual(readdirSync(join(root, out)).sort(), [".system-manager", "bin", "share"], "the wrappers' files are in the output's record, which no profile or buildEnv links (two outputs' would collide)");
  });
});
