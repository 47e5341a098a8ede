import { test } from "node:test";
import assert from "node:assert/strict";
import { attrForDebian, debianNameFor, mainProgramFor, nameEntryFor, NAMES, versionPattern } from "./names.ts";
import { closeNames, editDistance } from "./close-names.ts";
import { knownNames } from "./known-names.ts";
import { FIXUPS } from "./debian/fixups.ts";
import { alternatives } from "./debian/package-output.ts";

test("attributes map to Debian packages: identity by default, the table where names differ", () => {
  assert.deepEqual(debianNameFor("ripgrep"), { package: "ripgrep" });
  assert.deepEqual(debianNameFor("jq"), { package: "jq" });
  assert.deepEqual(debianNameFor("fd"), { package: "fd-find", bin: { fd: "usr/bin/fdfind" } });
  assert.deepEqual(debianNameFor("bat"), { package: "bat", bin: { bat: "usr/bin/batcat" } });
  assert.deepEqual(debianNameFor("vim"), { package: "vim", bin: { vim: "usr/bin/vim.basic" } });
  assert.equal(debianNameFor("silver-searcher").package, "silversearcher-ag");
  assert.equal(debianNameFor("openssh").package, "openssh-client");
  assert.equal(debianNameFor("gnumake").package, "make");
  assert.equal(debianNameFor("docker").package, "docker.io");
  assert.equal(debianNameFor("nextcloud-client").package, "nextcloud-desktop");
  assert.equal(mainProgramFor("nextcloud-client"), "nextcloud");
  assert.equal(debianNameFor("kakoune-unwrapped").package, "kakoune");
  assert.equal(debianNameFor("mako").package, "mako-notifier");
  assert.equal(debianNameFor("taskwarrior2").package, "taskwarrior");
  assert.equal(mainProgramFor("taskwarrior2"), "task");
  assert.equal(debianNameFor("xrdb").package, "x11-xserver-utils");
  assert.equal(debianNameFor("xprop").package, "x11-utils");
  assert.equal(debianNameFor("setxkbmap").package, "x11-xkb-utils");
  assert.equal(mainProgramFor("xrandr"), "xrandr");
  // nixpkgs' meta.mainProgram where the program is not named after the package (lib.getExe).
  for (const [attr, program] of [["aria2", "aria2c"], ["isync", "mbsync"], ["tealdeer", "tldr"], ["weechat", "weechat"], ["perl", "perl"], ["p7zip", "7z"], ["wl-clipboard", "wl-copy"], ["universal-ctags", "ctags"], ["dig", "dig"], ["ansible", "ansible"], ["kakoune", "kak"]]) assert.equal(mainProgramFor(attr as string), program);
  assert.deepEqual(debianNameFor("weechat"), { package: "weechat", programsOf: ["weechat-curses"] });
  assert.deepEqual(debianNameFor("perl"), { package: "perl", programsOf: ["perl-base"] });
  assert.deepEqual(debianNameFor("imagemagick"), { package: "imagemagick", programsOf: ["imagemagick-{version}.q16"] });
  assert.equal(mainProgramFor("imagemagick"), "convert");
  assert.deepEqual(debianNameFor("ansible"), { package: "ansible", programsOf: ["ansible-core"] });
  assert.deepEqual(debianNameFor("p7zip"), { package: "p7zip-full", programsOf: ["p7zip", "7zip"] });
  assert.equal(debianNameFor("dig").package, "bind9-dnsutils");
  assert.equal(debianNameFor("vte").package, "libvte-2.91-0");
  assert.deepEqual(debianNameFor("python311"), { package: "python3.11", programsOf: ["python3.11-minimal"], aliases: { python3: "python3.11", python: "python3.11" } });
  assert.equal(mainProgramFor("python313"), "python3");
  for (const [attr, pkg] of [["lua", "lua5.2"], ["lua5_1", "lua5.1"], ["lua5_4", "lua5.4"]]) {
    assert.equal(debianNameFor(attr as string).package, pkg);
    assert.equal(mainProgramFor(attr as string), "lua");
  }
  assert.equal(nameEntryFor("lua5_9"), undefined);
  for (const [attr, pkg, program] of [["libnotify", "libnotify-bin", "notify-send"], ["mpc-cli", "mpc", "mpc"], ["ninja", "ninja-build", "ninja"], ["stack", "haskell-stack", "stack"], ["st", "stterm", "st"]]) {
    assert.equal(debianNameFor(attr as string).package, pkg);
    assert.equal(mainProgramFor(attr as string), program);
  }
  assert.deepEqual(debianNameFor("st").bin, { st: "usr/bin/stterm" });
  assert.deepEqual(debianNameFor("thunderbird").bin, { thunderbird: "usr/lib/thunderbird/thunderbird" }, "the program, not Debian's script sourcing a helper from /usr/lib");
  assert.ok(FIXUPS.imv?.files?.["bin/imv"]?.includes("imv-wayland"), "imv's launcher");
  for (const [attr, pkg] of [["emacs", "emacs-gtk"], ["emacs-nox", "emacs-nox"], ["emacs-pgtk", "emacs-pgtk"]]) {
    assert.equal(debianNameFor(attr as string).package, pkg);
    assert.deepEqual(debianNameFor(attr as string).programsOf, ["emacs-bin-common"]);
    assert.equal(debianNameFor(attr as string).atLeast?.version, "1:29", "Debian 12's Emacs 28 is passed over for 13's");
    assert.equal(mainProgramFor(attr as string), "emacs");
  }
  assert.deepEqual(debianNameFor("texinfoInteractive"), { package: "info", programsOf: ["install-info"] });
  assert.throws(() => debianNameFor("helix"), /Cannot use pkgs\.helix: Debian does not package it; install Nix/);
  assert.throws(() => debianNameFor("python3Packages"), /'python3Packages' cannot be a Debian package name/);
});

test("an attribute writing its version with `_` is the Debian package with `-`", () => {
  assert.deepEqual(debianNameFor("gcc_13"), { package: "gcc-13" });
  // Only when the result is a Debian name: capitals stay an error.
  assert.throws(() => debianNameFor("llvmPackages_16"), /'llvmPackages_16' cannot be a Debian package name/);
});

test("postgresql_N is Debian's postgresql-N with postgresql-client-N's programs, from usr/lib/postgresql/N/bin, as nixpkgs' bin/ has them", () => {
  for (const v of ["15", "16", "17"]) {
    assert.deepEqual(debianNameFor(`postgresql_${v}`), { package: `postgresql-${v}`, programsOf: [`postgresql-client-${v}`], binDirs: [`usr/lib/postgresql/${v}/bin`] });
    assert.equal(mainProgramFor(`postgresql_${v}`), "psql");
  }
  assert.deepEqual(debianNameFor("postgresql"), { package: "postgresql", programsOf: ["postgresql-{version}", "postgresql-client-{version}"], binDirs: ["usr/lib/postgresql/{version}/bin"] });
  assert.equal(mainProgramFor("postgresql"), "psql");
  assert.equal(nameEntryFor("postgresql_15", { postgresql_15: { debian: null } })?.debian, null, "a table's own entry wins over the rule");
  assert.equal(nameEntryFor("postgresql_x"), undefined);
  assert.equal(nameEntryFor("constructor"), undefined, "only the table's own keys");
});

test("the JDKs are Debian's: jdk the default JDK, jdkN and openjdkN openjdk-N-jdk (and their _headless), java their main program; their home is one tree", () => {
  assert.equal(debianNameFor("jdk").package, "default-jdk");
  assert.equal(debianNameFor("jre_headless").package, "default-jre-headless");
  assert.equal(debianNameFor("jdk17").package, "openjdk-17-jdk");
  assert.equal(debianNameFor("openjdk21_headless").package, "openjdk-21-jdk-headless");
  for (const attr of ["jdk", "jdk17", "openjdk21_headless"]) assert.equal(mainProgramFor(attr), "java");
  assert.equal(nameEntryFor("jdkx"), undefined);
  for (const p of ["default-jdk", "openjdk-17-jdk-headless", "openjdk-21-jre"]) assert.deepEqual(FIXUPS[p]?.trees, { "lib/openjdk": "usr/lib/jvm/java-{version}-openjdk-*" }, p);
});

test("{version} in programsOf and binDirs matches a version number only: postgresql-15, not postgresql-common", () => {
  const pkg = versionPattern("postgresql-client-{version}");
  assert.ok(pkg.test("postgresql-client-15") && pkg.test("postgresql-client-9.6"));
  assert.ok(!pkg.test("postgresql-client-common") && !pkg.test("postgresql-client-15-extra") && !pkg.test("postgresql-client-"));
  assert.ok(versionPattern("gpg").test("gpg") && !versionPattern("g.g").test("gpg"), "the rest is literal");
  assert.ok(versionPattern("libc++{version}").test("libc++1") && !versionPattern("libc++{version}").test("libcc1"));
});

test("meta.mainProgram is the table's, else the attribute", () => {
  assert.equal(mainProgramFor("ripgrep"), "rg");
  assert.equal(mainProgramFor("neovim"), "nvim");
  assert.equal(mainProgramFor("git"), "git");
  assert.equal(attrForDebian("fd-find"), "fd");
  assert.equal(attrForDebian("git"), "git");
});

test("every table entry is well-formed: renames point into usr/bin (or a program's own directory under usr/lib), fixups name real variables", () => {
  for (const [attr, e] of Object.entries(NAMES)) {
    if (e.debian === null || e.debian === undefined) continue;
    assert.match(e.debian.package, /^[a-z0-9][a-z0-9+.-]+$/, attr);
    for (const [n, p] of Object.entries(e.debian.bin ?? {})) assert.match(p, /^usr\/(s?bin\/[^/]+|lib\/[^/]+\/[^/]+)$/, `${attr}.${n}`);
    for (const d of e.debian.binDirs ?? []) assert.match(d, /^usr\/(lib|libexec)\/[^/]+(\/[^/]+)*$/, `${attr} binDirs ${d}`);
  }
  for (const [pkg, f] of Object.entries(FIXUPS)) for (const v of f.env) assert.match(v.value, /^\$\{(self|out|pkg:[a-z0-9.+-]+)\}\//, pkg);
});

test("close names: edit distance with transpositions, then names starting with it", () => {
  assert.equal(editDistance("ripgrep", "ripgerp"), 1);
  assert.equal(editDistance("", "abc"), 3);
  assert.deepEqual(closeNames("ripgrp", ["ripgrep", "grep", "rg", "ripgrep-all"]), ["ripgrep"]);
  assert.deepEqual(closeNames("neovm", ["neovim", "vim", "nvim", "neovim-qt"]), ["neovim"]);
  assert.deepEqual(closeNames("git", ["git", "gitk", "git-lfs", "tig", "zsh"]), ["gitk", "git-lfs"]);
  assert.ok(knownNames().includes("ripgrep") && knownNames().includes("fd"));
});

test("update-alternatives lines of a postinst give the names the package provides", () => {
  const postinst = "update-alternatives --install /usr/bin/vim vim /usr/bin/vim.basic 30 \\\n  --slave /usr/share/man/man1/vim.1.gz vim.1.gz /usr/share/man/man1/vim.basic.1.gz\nupdate-alternatives --install /usr/bin/editor editor /usr/bin/vim.basic 30\n";
  assert.deepEqual([...alternatives(postinst)], [["vim", "usr/bin/vim.basic"], ["editor", "usr/bin/vim.basic"]]);
});
