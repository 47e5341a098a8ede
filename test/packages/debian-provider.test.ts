import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { update } from "../../src/cli/commands/update.ts";
import { readElf } from "../../src/packages/debian/elf.ts";
import { readLock } from "../../src/packages/lock.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { UserError, UserErrors } from "../../src/diagnostics/user-error.ts";
import { fixtureUnavailable } from "./helpers/fixture-debs.ts";
import { startFixture, type Fixture } from "./helpers/archive-fixture.ts";
import { withoutHostPatchelf } from "./helpers/no-host-patchelf.ts";

const SYSTEM = "x86_64-linux";
const skip = fixtureUnavailable();

function storeEntry(root: string, prefix: string): string {
  const name = readdirSync(join(root, STORE_DIR)).find((n) => n.slice(33).startsWith(prefix));
  assert.ok(name !== undefined, `no store path for ${prefix}`);
  return join(root, STORE_DIR, name);
}

describe("the Debian provider against a local signed archive", { skip }, () => {
  let f: Fixture;
  let root: string;
  let lockPath: string;
  before(async () => {
    f = await startFixture();
    root = f.dir("root");
    lockPath = join(f.dir("config"), "system-manager.lock");
  });
  after(() => f?.stop());

  test("resolution pins the whole closure with apt's solver and writes the lock", () => {
    const s = f.session(root, lockPath);
    const info = s.lookup("hello", SYSTEM);
    assert.equal(info.version, "2.10-3");
    assert.equal(info.name, "hello-2.10-3");
    assert.match(info.outPath, /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-hello-2\.10-3$/);
    assert.equal(s.saveLock({ prune: true }), true);
    const lock = readLock(lockPath);
    const entry = lock.packages.hello;
    assert.ok(entry?.provider === "debian");
    assert.deepEqual(entry.closure, ["greet-data_1:3.0-2_all", "hello_2.10-3_amd64", "libc6_2.99-1_amd64", "libgreet1_1.0-1_amd64"]);
    assert.deepEqual(lock.debs["hello_2.10-3_amd64"]?.depends, ["greet-data_1:3.0-2_all", "libc6_2.99-1_amd64", "libgreet1_1.0-1_amd64"]);
    assert.deepEqual(lock.debs["libgreet1_1.0-1_amd64"]?.depends, ["libc6_2.99-1_amd64"]);
    assert.match(lock.debs["libc6_2.99-1_amd64"]?.sha256 ?? "", /^[0-9a-f]{64}$/);
    assert.equal(lock.version, 3);
    assert.equal(entry.release, "test", "taken from the archive's own release");
    const tool = lock.debian?.tools?.patchelf;
    assert.ok(tool !== undefined, "the lock pins the patchelf the packages are patched with");
    assert.equal(tool.deb, `patchelf_${tool.version}_amd64`);
    assert.equal(tool.version, f.debs.patchelf?.version);
    assert.ok(tool.closure.includes("libc6_2.99-1_amd64") && tool.closure.some((k) => k.startsWith("libstdc++6_")), tool.closure.join(" "));
    for (const k of tool.closure) assert.ok(lock.debs[k] !== undefined, `${k}, of patchelf's closure, survives pruning`);
    assert.equal(s.saveLock({ prune: true }), false, "an unchanged lock is not rewritten");
  });

  test("an unknown name is an error listing close names; Debian-less and unresolvable ones are explained; all of them are reported together, each where it was selected", () => {
    const s = f.session(root, lockPath);
    const at = (line: number) => ({ file: "/cfg/flake.nix", line, column: 5 });
    // A package no provider can give is answered as a request, so that the evaluation goes on and finds the others.
    const helo = s.lookup("helo", SYSTEM, at(1));
    assert.match(helo.outPath, /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-helo$/);
    s.lookup("greet_date", SYSTEM);
    s.lookup("greet_date", SYSTEM, at(2));
    s.lookup("missing", SYSTEM, at(3));
    s.lookup("broken", SYSTEM, at(4));
    // Only named by another package (hello's `libc6 (>= 2.34) | libc6-fake`), with no version here: no such package, not a virtual one.
    s.lookup("libc6-fake", SYSTEM, at(5));
    assert.equal(s.lookup("hello", SYSTEM).version, "2.10-3", "a package that can be had is still resolved");
    // A virtual package with one provider is that package (pkgs.dmenu, which Debian's suckless-tools provides).
    assert.equal(s.lookup("welcomer", SYSTEM).version, "2.0-1");
    assert.equal(s.lock.packages.welcomer?.provider === "debian" && s.lock.packages.welcomer.deb, "greet-tools_2.0-1_all");
    let thrown: unknown;
    try {
      s.throwUnavailable();
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof UserErrors, String(thrown));
    const errors = thrown.errors;
    assert.equal(errors.length, 5);
    assert.match(errors[0]?.message ?? "", /^Cannot find pkgs\.helo: .* has no such package; close names: hello/);
    // An attribute with `_` for Debian's `-` (as postgresql_16) is answered, and suggested, in its own spelling.
    assert.match(errors[1]?.message ?? "", /^Cannot find pkgs\.greet_date \(Debian's 'greet-date'\): .* has no such package; close names: greet_data\b/);
    assert.match(errors[2]?.message ?? "", /Debian does not package it/);
    assert.match(errors[3]?.message ?? "", /Cannot resolve the Debian package 'broken' .*dependencies cannot be satisfied[\s\S]*does-not-exist/);
    assert.match(errors[4]?.message ?? "", /^Cannot find pkgs\.libc6-fake: .* has no such package/);
    // Each is placed where the configuration selected it, the first site known (greet_date was first looked up by the build itself).
    assert.deepEqual(errors.map((e) => e.location?.line), [1, 2, 3, 4, 5]);
    // Another error of the build comes after them; one of them again is not repeated.
    const combined = s.withUnavailable(new UserError("The option `x' is used but not defined."));
    assert.ok(combined instanceof UserErrors && combined.errors.length === 6 && combined.errors[5]?.message.startsWith("The option"));
    assert.equal((s.withUnavailable(errors[0]) as UserErrors).errors.length, 5);
    assert.ok(!s.saveLock({ prune: true }) || !Object.keys(readLock(lockPath).packages).includes("helo"), "what cannot be had is never locked");
  });

  test("the provider asks the host for apt and dpkg-deb only, not patchelf", () => {
    const bin = f.dir("bin");
    for (const tool of ["apt-get", "apt-cache", "dpkg-deb"]) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
    const saved = process.env.PATH;
    process.env.PATH = bin;
    try {
      assert.deepEqual(f.session(root, lockPath).debianProvider("amd64").detect(), { usable: true, reason: "apt and dpkg-deb are installed" });
    } finally {
      process.env.PATH = saved;
    }
  });

  test("realising unpacks, strips set-id bits, never runs maintainer scripts, and patches ELF files with the pinned patchelf", async () => {
    const s = f.session(root, lockPath);
    const info = s.lookup("hello", SYSTEM);
    const { result: stats, hostPatchelfRan } = await withoutHostPatchelf(f.dir("poison"), () => s.realise([info.outPath]));
    assert.equal(hostPatchelfRan, false, "the host's patchelf is never run");
    const tool = s.lock.debian?.tools?.patchelf;
    const both = new Set([...(tool?.closure ?? []), ...((s.lock.packages.hello as { closure: readonly string[] }).closure)]);
    assert.equal(both.size, 4 + (tool?.closure.length ?? 0) - 1, "hello and patchelf share libc6 only");
    assert.deepEqual(stats, { downloaded: both.size, unpacked: both.size, outputs: 1 }, "patchelf's closure is realised with the first packages");
    assert.deepEqual(readdirSync(join(root, STORE_DIR)).filter((n) => n.startsWith(".")), [], "its private copies are removed");
    const hello = storeEntry(root, "hello-2.10-3");
    const pkg = readdirSync(join(root, STORE_DIR)).map((n) => join(root, STORE_DIR, n)).find((p) => existsSync(join(p, "usr/bin/hello"))) as string;
    assert.ok(hello !== undefined && pkg !== undefined);
    assert.equal(lstatSync(join(pkg, "usr/lib/hello/helper")).mode & 0o7777, 0o555, "setuid stripped, read-only");
    assert.equal(lstatSync(join(pkg, "usr/bin")).mode & 0o777, 0o555);
    assert.ok(existsSync(join(pkg, ".system-manager/DEBIAN/postinst")), "maintainer scripts are kept for reference");
    assert.ok(!existsSync("/tmp/system-manager-test-postinst-ran"), "and never run");
    const elf = readElf(join(pkg, "usr/bin/hello"));
    const libc = storeEntry(root, "libc6-2.99-1").slice(root.length);
    const greet = storeEntry(root, "libgreet1-1.0-1").slice(root.length);
    assert.equal(elf?.interpreter, `${libc}/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2`);
    assert.deepEqual(elf?.runpath, [`${greet}/usr/lib/x86_64-linux-gnu`, `${libc}/lib/x86_64-linux-gnu`]);
    assert.equal(readlinkSync(join(root, libc, "lib64/ld-linux-x86-64.so.2")), "../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "a link within the package becomes relative");
    const data = storeEntry(root, "greet-data-3.0-2").slice(root.length);
    assert.equal(readlinkSync(join(pkg, "usr/bin/hello-data")), `${data}/usr/share/greet/data.txt`, "a link into another package points at its store path");
    const refs = JSON.parse(readFileSync(join(pkg, ".system-manager/info.json"), "utf8")).references as string[];
    assert.deepEqual([...refs].sort(), [data, libc, greet].sort());
  });

  test("patchelf's own closure is patched like any package, by itself", () => {
    const libc = storeEntry(root, "libc6-2.99-1").slice(root.length);
    const patchelf = readElf(join(storeEntry(root, `patchelf-${f.debs.patchelf?.version.replace(/^\d+:/, "")}`), "usr/bin/patchelf"));
    assert.equal(patchelf?.interpreter, `${libc}/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2`);
    const stdcxx = storeEntry(root, "libstdc++6-");
    const lib = readdirSync(join(stdcxx, "usr/lib/x86_64-linux-gnu")).find((n) => /^libstdc\+\+\.so\.6\.\d/.test(n)) as string;
    const elf = readElf(join(stdcxx, "usr/lib/x86_64-linux-gnu", lib));
    assert.ok(elf?.runpath.includes(`${libc}/lib/x86_64-linux-gnu`), `libstdc++ is patched to find libc in the store: ${elf?.runpath.join(":")}`);
    assert.ok(patchelf?.runpath.some((d) => d.startsWith(`${STORE_DIR}/`) && d.includes("-libstdc++6-")), "patchelf finds its libstdc++ in the store");
  });

  test("the output holds bin/ (wrappers, alternatives, renames) and share/", async () => {
    const s = f.session(root, lockPath);
    const out = join(root, s.lookup("hello", SYSTEM).outPath);
    assert.deepEqual(readdirSync(join(out, "bin")).sort(), ["hello", "hello-data", "hey", "hi"], "the generic 'editor' alternative is not taken");
    const wrapper = readFileSync(join(out, "bin/hello"), "utf8");
    assert.match(wrapper, /^#!\/bin\/sh\n/);
    assert.match(wrapper, /export HELLO_DATA='\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-greet-data-3\.0-2\/usr\/share\/greet\/data\.txt'/);
    assert.match(wrapper, /exec '\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-hello-2\.10-3\/usr\/bin\/hello' "\$@"/);
    assert.ok(lstatSync(join(out, "bin/hello-data")).isSymbolicLink(), "a non-program is linked, not wrapped");
    assert.match(readlinkSync(join(out, "share/man")), /-hello-2\.10-3\/usr\/share\/man$/);
    assert.match(readlinkSync(join(out, "share/dbus-1")), /-hello-2\.10-3\/usr\/share\/dbus-1$/, "D-Bus service files, which home-manager links (dunst)");
    // Fonts and GTK themes, where fontconfig (home-manager's fonts.fontconfig) and GTK look for them in a profile.
    assert.match(readlinkSync(join(out, "share/fonts")), /-hello-2\.10-3\/usr\/share\/fonts$/);
    assert.match(readlinkSync(join(out, "share/themes")), /-hello-2\.10-3\/usr\/share\/themes$/);
    // Qt plugins where nixpkgs' Qt packages have them, which home-manager's qt module puts on QT_PLUGIN_PATH.
    assert.match(readlinkSync(join(out, "lib/qt-5/plugins")), /-hello-2\.10-3\/usr\/lib\/x86_64-linux-gnu\/qt5\/plugins$/);
    assert.deepEqual(readdirSync(join(out, "lib")), ["qt-5"], "only the Qt directories the package has");
    assert.match(readFileSync(join(out, "etc/profile.d/hello.sh"), "utf8"), /^HELLO_DATA=\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-greet-data-3\.0-2\/usr\/share\/greet\/data\.txt\n$/, "a fixup's file, its store paths filled in");
    const hi = readFileSync(join(out, "bin/hi"), "utf8");
    assert.match(hi, new RegExp(`^#!/bin/sh\n# ${out.slice(root.length)}\nexec '/var/lib/system-manager/store/[0-9a-z]{32}-hello-2\\.10-3/usr/bin/hello' "\\$@"\n$`), "a fixup's program replaces the link, naming the output and the program it replaces");
    assert.equal(lstatSync(join(out, "bin/hi")).mode & 0o777, 0o555);
    assert.equal(readFileSync(join(out, "bin/hey"), "utf8"), `#!/bin/sh\nexec '${out.slice(root.length)}/bin/hi' "$@"\n`, "a fixup's program of its own (imv's launcher), beside the package's");
    assert.equal(lstatSync(join(out, "bin/hey")).mode & 0o777, 0o555);
    const g = f.session(root, lockPath);
    const greeter = g.lookup("greeter", SYSTEM);
    assert.equal(greeter.mainProgram, "greeter");
    await g.realise([greeter.outPath]);
    assert.deepEqual(readdirSync(join(root, greeter.outPath, "bin")).sort(), ["greeter", "hello", "hello-data", "hey", "hi", "howdy"]);
    assert.equal(readFileSync(join(root, greeter.outPath, "bin/howdy"), "utf8"), readFileSync(join(root, greeter.outPath, "bin/greeter"), "utf8"), "an alias is the program it names");
    const misnamed = g.lookup("misnamed", SYSTEM);
    await assert.rejects(g.realise([misnamed.outPath]), /^UserError: Cannot expose howdy of pkgs\.misnamed: hello 2\.10-3 has no program nothere$/);
  });

  test("a loadable module or a library needing a library of no dependency is realised (it fails when loaded, as without Recommends, or finds it in the program loading it): without a soname, with one outside the library directories, or a library in them", async () => {
    const s = f.session(root, lockPath);
    const stats = await s.realise([s.lookup("plugged", SYSTEM).outPath]);
    assert.equal(stats.unpacked, 1, "only the new package");
    const pkg = readdirSync(join(root, STORE_DIR)).map((n) => join(root, STORE_DIR, n)).find((p) => existsSync(join(p, "usr/lib/plugged/module.so"))) as string;
    const elf = readElf(join(pkg, "usr/lib/plugged/module.so"));
    assert.ok(elf?.needed.includes("libnothere.so.1"), "it still names the library it needs");
    const plugin = readElf(join(pkg, "usr/lib/x86_64-linux-gnu/plugged/plugins-4/libplugin.so"));
    assert.equal(plugin?.soname, "libplugin.so");
    assert.ok(plugin?.needed.includes("libnothere.so.1"), "a plugin with a soname, outside the library directories, is a module too");
    const needy = readElf(join(pkg, "usr/lib/x86_64-linux-gnu/libneedy.so.1"));
    assert.ok(needy?.needed.includes("libnothere.so.1"), "a library's undeclared dependency is left to the loading program");
    const own = join(root, s.lookup("plugged", SYSTEM).outPath, "lib/plugged/module.so");
    assert.ok(lstatSync(own).isFile(), "a fixup's copy is the output's own file");
    assert.equal(lstatSync(own).ino, lstatSync(join(pkg, "usr/lib/plugged/module.so")).ino, "a hard link of the package's");
  });

  test("test data that is ELF (under usr/share, or in an arch all package) is left as it is when its libraries are in no package", async () => {
    const s = f.session(root, lockPath);
    await s.realise([s.lookup("plugged", SYSTEM).outPath, s.lookup("golike-src", SYSTEM).outPath]);
    const unpacked = (file: string) => readdirSync(join(root, STORE_DIR)).map((n) => join(root, STORE_DIR, n, file)).find((p) => existsSync(p)) as string;
    assert.deepEqual(readFileSync(unpacked("usr/share/plugged/testdata/lonely.elf")), readFileSync(join(f.base, "cc", "lonely")), "byte for byte as packaged");
    assert.deepEqual(readFileSync(unpacked("usr/lib/golike/testdata/hello.elf")), readFileSync(join(f.base, "cc", "hello")), "an arch all package's executable is not given a loader it does not depend on");
  });

  test("a package's name is a store path name, as nixpkgs' are: Debian's version without its epoch, ~ as _", () => {
    const info = f.session(root, lockPath).lookup("golike-src", SYSTEM);
    assert.equal(info.version, "1.19~1");
    assert.equal(info.name, "golike-src-1.19_1");
  });

  test("a library that only a postinst's update-alternatives links into a library directory is found at its target", async () => {
    const s = f.session(root, lockPath);
    await s.realise([s.lookup("hello-alt", SYSTEM).outPath]);
    const pkg = readdirSync(join(root, STORE_DIR)).map((n) => join(root, STORE_DIR, n)).find((p) => existsSync(join(p, "usr/bin/hello-alt"))) as string;
    const alt = storeEntry(root, "libgreet-alt1-1.0-1").slice(root.length);
    assert.ok(readElf(join(pkg, "usr/bin/hello-alt"))?.runpath.includes(`${alt}/usr/lib/x86_64-linux-gnu/greet`));
  });

  test("a package of an architecture that does not depend on the C library gets it in its closure, its programs their loader", async () => {
    const s = f.session(root, lockPath);
    await s.realise([s.lookup("selfish", SYSTEM).outPath]);
    const locked = s.lock.packages.selfish as { closure: readonly string[] };
    assert.deepEqual(locked.closure.map((k) => s.lock.debs[k]?.name).sort(), ["libc6", "selfish"]);
    const pkg = readdirSync(join(root, STORE_DIR)).map((n) => join(root, STORE_DIR, n)).find((p) => existsSync(join(p, "usr/bin/selfish"))) as string;
    const libc = storeEntry(root, "libc6-2.99-1").slice(root.length);
    assert.equal(readElf(join(pkg, "usr/bin/selfish"))?.interpreter, `${libc}/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2`);
  });

  test("a program needing a library no package of its closure provides is an error naming the file and the library", async () => {
    const s = f.session(root, lockPath);
    await assert.rejects(s.realise([s.lookup("lonely", SYSTEM).outPath]), /^UserError: Cannot patch usr\/bin\/lonely of lonely 1\.0: it needs libnothere\.so\.1, which no package of its closure provides$/);
  });

  test("a package split in Debian (a metapackage, as gnupg) exposes the programs of the closure members the table names, and their alternatives", async () => {
    const s = f.session(root, lockPath);
    const out = s.lookup("greetall", SYSTEM).outPath;
    await s.realise([out]);
    const hello = readlinkSync(join(root, out, "bin/hello"));
    assert.match(hello, /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-hello-2\.10-3\/usr\/bin\/hello$/);
    assert.deepEqual(readdirSync(join(root, out, "bin")).sort(), ["hello", "hello-data", "hi"], "the named member's bin/ and the programs its postinst links with update-alternatives (a name the closure lacks is skipped)");
    assert.equal(readlinkSync(join(root, out, "bin/hi")), hello);
  });

  test("a tree several packages install into is one tree of links in the output, its programs in bin/ (as a JDK's home); a program finds its library through $ORIGIN in another package", async () => {
    const s = f.session(root, lockPath);
    const out = s.lookup("greetsdk", SYSTEM).outPath;
    await s.realise([out]);
    const tree = join(root, out, "lib/greet");
    assert.deepEqual(readdirSync(tree).sort(), ["bin", "conf", "lib"]);
    assert.deepEqual(readdirSync(join(tree, "lib")).sort(), ["dev.txt", "libgreet.so.1", "rt.txt"], "a directory both packages have is merged");
    assert.match(readlinkSync(join(tree, "lib/dev.txt")), /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-greet-dev-1\.0\/usr\/lib\/greet-sdk\/greet-1-x64\/lib\/dev\.txt$/);
    // A link to the package's own link: its relative target still resolves in the package (as OpenJDK's conf/ into /etc).
    const conf = readlinkSync(join(tree, "conf/greet.conf"));
    assert.match(conf, /-greet-rt-1\.0\/usr\/lib\/greet-sdk\/greet-1-x64\/conf\/greet\.conf$/);
    assert.equal(readFileSync(join(root, conf), "utf8"), "greeting = hi\n");
    assert.equal(readlinkSync(join(root, out, "bin/greet-build")), `${out}/lib/greet/bin/greet-build`);
    // greet-build needs libgreet.so.1 from $ORIGIN/../lib, which greet-rt holds: its RUNPATH names greet-rt's directory.
    const program = join(root, readlinkSync(join(tree, "bin/greet-build")));
    assert.ok(readElf(program)?.runpath.some((p) => /-greet-rt-1\.0\/usr\/lib\/greet-sdk\/greet-1-x64\/lib$/.test(p)), String(readElf(program)?.runpath));
  });

  test("a second realisation downloads and unpacks nothing", async () => {
    const before = f.server.requests().length;
    const s = f.session(root, lockPath);
    const stats = await s.realise([s.lookup("hello", SYSTEM).outPath]);
    assert.deepEqual(stats, { downloaded: 0, unpacked: 0, outputs: 0 });
    assert.equal(f.server.requests().length, before);
  });

  test("system-manager update NAME keeps the lock's archive and reports no change when there is none", async () => {
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: () => undefined, env: {}, cwd: dirname(lockPath) };
    assert.equal(await update(["--config", join(dirname(lockPath), "system.ts"), "--root", root, "--provider", "debian", "hello"], io), 0);
    assert.deepEqual(out, ["All packages are up to date.\n"]);
  });
});
