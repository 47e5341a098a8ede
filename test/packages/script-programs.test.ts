/**
 * Debian's Python, Perl and Ruby programs in a package's output
 * (python-programs.ts, perl-programs.ts, ruby-programs.ts), and its /usr/bin shims
 * (shim-scripts.ts): which first lines are Perl's, the
 * Perl directories of a member in @INC's order, and, for Python:
 * which first lines are Python's, which closures have an interpreter, and
 * the sitecustomize.py that gives the caller's PYTHONHOME and PYTHONPATH
 * back, run with this machine's python3 (skipped, saying so, without
 * one); for Ruby, which first lines are Ruby's and the closure's library
 * and gem directories in the order Debian's Ruby has them. Running real
 * programs from the store is
 * script-programs-archive.test.ts's.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasPython, pythonShebang, SITECUSTOMIZE } from "../../src/packages/debian/python-programs.ts";
import { hasPerl, perlDirs, perlShebang } from "../../src/packages/debian/perl-programs.ts";
import { shimTarget } from "../../src/packages/debian/shim-scripts.ts";
import { hasRuby, isRubyInterpreter, isRubyScript, rubyClosure, rubyGemDirs, rubyGemsFile, rubyLoadPath, type RubyClosure } from "../../src/packages/debian/ruby-programs.ts";

const noPython = spawnSync("python3", ["--version"]).status === 0 ? undefined : "this machine has no python3";

function withFile<T>(text: string, fn: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "sm-py-"));
  try {
    writeFileSync(join(dir, "f"), text);
    return fn(join(dir, "f"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("a script whose first line runs /usr/bin/python3 or python3.N is Python's; -E and -I are dropped, other flags kept", () => {
  const first = (line: string) => withFile(`${line}\nimport sys\n`, pythonShebang);
  assert.deepEqual(first("#!/usr/bin/python3"), { name: "python3", flags: [] });
  assert.deepEqual(first("#! /usr/bin/python3.11"), { name: "python3.11", flags: [] });
  assert.deepEqual(first("#!/usr/bin/python3 -Es"), { name: "python3", flags: ["-s"] });
  assert.deepEqual(first("#!/usr/bin/python3 -I -u"), { name: "python3", flags: ["-u"] });
  for (const other of ["#!/bin/sh", "#!/usr/bin/env python3", "#!/usr/bin/python2", "#!/usr/bin/perl", "\u007fELF"]) assert.equal(first(other), undefined, other);
});

test("a closure has a Python when it holds python3-minimal or python3.N-minimal", () => {
  assert.ok(hasPython(["libc6", "python3.11-minimal", "yamllint"]));
  assert.ok(hasPython(["python3-minimal"]));
  assert.ok(!hasPython(["libpython3.11-minimal", "libpython3.11-stdlib", "vim"]), "a program linking libpython runs no script");
});

test("sitecustomize.py gives a program's children the caller's PYTHONHOME and PYTHONPATH, or none", { skip: noPython }, () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-site-"));
  try {
    writeFileSync(join(dir, "sitecustomize.py"), SITECUSTOMIZE);
    const env = (extra: Record<string, string>) =>
      spawnSync("python3", ["-c", "import os; print(os.environ.get('PYTHONHOME'), os.environ.get('PYTHONPATH'), os.environ.get('SYSTEM_MANAGER_PYTHONPATH'))"], {
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", PYTHONPATH: dir, ...extra },
      }).stdout;
    assert.equal(env({}), "None None None\n");
    assert.equal(env({ SYSTEM_MANAGER_PYTHONPATH: "/caller" }), "None /caller None\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a Perl script is one whose first line runs /usr/bin/perl; its switches are kept (-T needs them on the command line)", () => {
  const first = (line: string) => withFile(`${line}\nuse strict;\n`, perlShebang);
  assert.deepEqual(first("#!/usr/bin/perl"), { flags: [] });
  assert.deepEqual(first("#! /usr/bin/perl -wT"), { flags: ["-wT"] });
  for (const other of ["#!/usr/bin/env perl", "#!/usr/bin/perl5.36.0", "#!/bin/sh", "#!/usr/bin/python3"]) assert.equal(first(other), undefined, other);
  assert.ok(hasPerl(["ack", "perl-base"]) && !hasPerl(["perl-modules-5.36"]));
});

test("a member's Perl directories, in the order of Debian's @INC", () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-perl-"));
  try {
    for (const d of ["usr/share/perl5/File", "usr/share/perl/5.36", "usr/lib/x86_64-linux-gnu/perl5/5.36", "usr/lib/x86_64-linux-gnu/perl/5.36", "usr/lib/x86_64-linux-gnu/perl-base", "usr/lib/x86_64-linux-gnu/libfoo"]) {
      mkdirSync(join(dir, d), { recursive: true });
    }
    assert.deepEqual(perlDirs(dir), ["usr/lib/x86_64-linux-gnu/perl5/5.36", "usr/share/perl5", "usr/lib/x86_64-linux-gnu/perl-base", "usr/lib/x86_64-linux-gnu/perl/5.36", "usr/share/perl/5.36"]);
    assert.deepEqual(perlDirs(join(dir, "usr/lib/x86_64-linux-gnu/libfoo")), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a /usr/bin shim is a shell script that only execs a program under /usr/lib, /usr/libexec, /usr/share or /usr/bin, with fixed arguments first, and its own", () => {
  const shim = (text: string) => withFile(text, shimTarget);
  assert.deepEqual(shim('#! /bin/sh\nexec /usr/lib/p7zip/7z "$@"\n'), { program: "/usr/lib/p7zip/7z", args: [] });
  assert.deepEqual(shim('#!/bin/bash\n# the real one\n\nexec /usr/libexec/foo/foo-bin "$@"\n'), { program: "/usr/libexec/foo/foo-bin", args: [] });
  assert.deepEqual(shim('#! /bin/sh\nexec /usr/bin/vlc -I "dummy" "$@"\n'), { program: "/usr/bin/vlc", args: ["-I", "dummy"] }, "VLC's cvlc");
  assert.deepEqual(shim("#!/bin/sh\nexec /usr/bin/foo --a=b 'c d' \"$@\"\n"), { program: "/usr/bin/foo", args: ["--a=b", "c d"] });
  for (const other of [
    '#!/bin/sh\nset -e\nexec /usr/lib/foo/foo "$@"\n',
    "#!/bin/sh\nexec /usr/lib/foo/foo\n",
    '#!/bin/sh\nexec /usr/sbin/foo "$@"\n',
    '#!/bin/sh\nexec /usr/bin/foo -x "$HOME" "$@"\n',
    '#!/bin/sh\nexec /usr/bin/foo $(id -u) "$@"\n',
    '#!/usr/bin/python3\nexec /usr/lib/foo/foo "$@"\n',
    '#!/bin/sh\nexec /usr/lib/foo/$(uname -m)/foo "$@"\n',
    `#!/bin/sh\nexec /usr/lib/foo/foo "$@"\n${"#".repeat(300)}\n`,
  ]) {
    assert.equal(shim(other), undefined, other);
  }
});

test("a Ruby script is one whose first line runs /usr/bin/ruby, /usr/bin/rubyN.N or `env ruby`; the interpreter is /usr/bin/rubyN.N", () => {
  const first = (line: string) => withFile(`${line}\nputs 1\n`, isRubyScript);
  for (const ruby of ["#!/usr/bin/ruby", "#! /usr/bin/ruby3.1", "#!/usr/bin/ruby -w", "#!/usr/bin/env ruby"]) assert.ok(first(ruby), ruby);
  for (const other of ["#!/bin/sh", "#!/usr/bin/rubyx", "#!/usr/local/bin/ruby", "#!/usr/bin/env rubocop", "#!/usr/bin/perl"]) assert.ok(!first(other), other);
  assert.ok(isRubyInterpreter("/s/abc-ruby3.1-3.1.2/usr/bin/ruby3.1") && !isRubyInterpreter("/s/abc-ruby-3.1/usr/bin/ruby"));
  assert.ok(hasRuby(["libc6", "ruby3.1", "lolcat"]) && !hasRuby(["libruby3.1", "ruby-paint", "ruby"]));
});

test("a closure's Ruby library directories are in the order of Debian's $LOAD_PATH, kind by kind: a later member's vendor_ruby (ruby-rubygems' rubygems.rb) before the standard library", () => {
  const root = mkdtempSync(join(tmpdir(), "sm-ruby-"));
  try {
    const t = "x86_64-linux-gnu";
    const members = { "/s/a-libruby3.1": [`usr/lib/ruby/3.1.0`, `usr/lib/${t}/ruby/3.1.0`, "usr/lib/ruby/vendor_ruby/3.1.0", "usr/lib/ruby/gems/3.1.0/specifications", "usr/lib/ruby/2.7.0"], "/s/b-ruby-rubygems": ["usr/lib/ruby/vendor_ruby/rubygems", "usr/share/rubygems-integration/all/specifications"], "/s/c-ruby-sdbm": [`usr/lib/${t}/ruby/vendor_ruby/3.1.0`, `usr/lib/${t}/rubygems-integration/3.1.0/specifications`, "usr/share/rubygems-integration/all/gems"], "/s/d-ruby3.1": ["usr/bin"] };
    for (const [m, dirs] of Object.entries(members)) for (const d of dirs) mkdirSync(join(root, m, d), { recursive: true });
    writeFileSync(join(root, "/s/d-ruby3.1/usr/bin/ruby3.1"), "\u007fELF");
    assert.deepEqual(rubyLoadPath(root, Object.keys(members), "3.1.0"), [
      "/s/a-libruby3.1/usr/lib/ruby/vendor_ruby/3.1.0",
      `/s/c-ruby-sdbm/usr/lib/${t}/ruby/vendor_ruby/3.1.0`,
      "/s/a-libruby3.1/usr/lib/ruby/vendor_ruby",
      "/s/b-ruby-rubygems/usr/lib/ruby/vendor_ruby",
      "/s/a-libruby3.1/usr/lib/ruby/3.1.0",
      `/s/a-libruby3.1/usr/lib/${t}/ruby/3.1.0`,
    ]);
    assert.deepEqual(rubyGemDirs(root, Object.keys(members), "3.1.0"), ["/s/a-libruby3.1/usr/lib/ruby/gems/3.1.0", "/s/b-ruby-rubygems/usr/share/rubygems-integration/all", `/s/c-ruby-sdbm/usr/lib/${t}/rubygems-integration/3.1.0`], "only directories holding gem specifications");
    assert.equal(
      rubyGemsFile(rubyClosure(root, Object.keys(members)) as RubyClosure),
      `# system-manager: RubyGems finds the gems of this program's closure first, then the caller's GEM_PATH (or the default path).
if defined?(Gem)
  Gem.paths = { "GEM_PATH" => ["/s/a-libruby3.1/usr/lib/ruby/gems/3.1.0", "/s/b-ruby-rubygems/usr/share/rubygems-integration/all", "/s/c-ruby-sdbm/usr/lib/${t}/rubygems-integration/3.1.0", ENV["GEM_PATH"] || ""].join(File::PATH_SEPARATOR) }
end
`,
    );
    assert.equal(rubyClosure(root, ["/s/a-libruby3.1"]), undefined, "no interpreter, no file");
    assert.equal(rubyClosure(root, Object.keys(members))?.ruby, "/s/d-ruby3.1/usr/bin/ruby3.1", "the interpreter, with the load path and gem directories above");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
