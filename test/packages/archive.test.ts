/**
 * Against Debian's real archive (skipped, with the reason, when it is
 * unreachable or we are not root): ripgrep, git and vim realised into the store
 * of a debootstrap minbase root that lacks them, run through a profile
 * inside it with chroot; starship, which Debian 12 lacks, taken from
 * Debian 13 with its own glibc and run there too; and every entry of the
 * name table checked to exist in the host's release or the next. They are
 * patched with the archive's own patchelf, pinned in the lock, never the
 * host's.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PackageSession } from "../../src/packages/package-session.ts";
import { buildProfile } from "../../src/packages/profile.ts";
import { NAMES } from "../../src/packages/names.ts";
import { chroot, realArchiveUnavailable, minbaseRoot } from "./helpers/real-archive.ts";
import { withoutHostPatchelf } from "./helpers/no-host-patchelf.ts";

const skip = await realArchiveUnavailable();
const SYSTEM = "x86_64-linux";


describe("packages from Debian's archive, run in a minbase root", { skip }, () => {
  let scratch: string;
  let root: string;
  let session: PackageSession;
  let profile: string;
  let hostPatchelfRan: boolean;
  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), "sm-archive-"));
    root = minbaseRoot(scratch);
    session = new PackageSession({ root, lockPath: join(scratch, "system-manager.lock"), provider: "debian" });
    const outs = ["ripgrep", "git", "vim"].map((a) => session.lookup(a, SYSTEM).outPath);
    ({ hostPatchelfRan } = await withoutHostPatchelf(scratch, () => session.realise(outs)));
    profile = await buildProfile(root, "alice", outs);
  });
  after(() => {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  test("the packages are patched with the archive's patchelf, pinned in the lock, not the host's", () => {
    assert.equal(hostPatchelfRan, false);
    const tool = session.lock.debian?.tools?.patchelf;
    assert.ok(tool !== undefined && tool.closure.includes(tool.deb) && tool.closure.every((k) => session.lock.debs[k] !== undefined));
    assert.notEqual(chroot(root, "command -v patchelf").status, 0, "the minbase root has no patchelf either");
  });

  test("the minbase root has neither rg nor git of its own", () => {
    assert.notEqual(chroot(root, "command -v rg || command -v git").status, 0);
  });

  test("rg --version runs through the profile", () => {
    const r = chroot(root, `${profile}/bin/rg --version`);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /^ripgrep \d+\.\d+/);
  });

  test("git --version, init, commit and a local clone run through the profile; perl is not on it", () => {
    const git = `${profile}/bin/git`;
    const script = [
      `${git} --version`,
      "mkdir -p /tmp/repo && cd /tmp/repo",
      `${git} init -q 2>&1`,
      "echo hi > a",
      `${git} add a`,
      `${git} -c user.name=Alice -c user.email=alice@example.invalid commit -q -m first 2>&1`,
      `${git} log --format=%s`,
      `${git} clone -q /tmp/repo /tmp/clone 2>&1 && ls /tmp/clone`,
      `test -e /tmp/repo/.git/hooks/pre-commit.sample && echo hooks`,
    ].join(" && ");
    const r = chroot(root, script);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /^git version \d/);
    assert.match(r.out, /\nfirst\na\nhooks\n$/);
    assert.doesNotMatch(r.out, /templates not found|warning/);
    assert.ok(!existsSync(join(root, profile, "bin/perl")));
  });

  test("vim finds its runtime in the store: filetype plugins, defaults, syntax", () => {
    const cmds = ["redir! > /tmp/vim.out", "filetype plugin indent on", "e /tmp/t.py", "set ft? sw? et? ruler?", "syntax on", "echo exists('g:syntax_on')", "redir END", "q"];
    const r = chroot(root, `printf 'x = 1\\n' > /tmp/t.py && HOME=/tmp ${profile}/bin/vim -Es -u DEFAULTS ${cmds.map((c) => `-c "${c}"`).join(" ")}; cat /tmp/vim.out`);
    assert.match(r.out, /filetype=python\s+shiftwidth=4\s+expandtab\s+ruler\s+1$/);
  });

  test("a second realisation downloads and unpacks nothing", async () => {
    assert.deepEqual(await session.realise(), { downloaded: 0, unpacked: 0, outputs: 0 });
  });

  test("a package the release lacks comes from the next one with its own glibc, and runs through the profile", async () => {
    const provider = session.debianProvider("amd64");
    if (provider.releases().length < 2) return void assert.ok(true, "no newer release is known for this host's");
    const out = session.lookup("starship", SYSTEM).outPath;
    const entry = session.lock.packages.starship;
    assert.ok(entry?.provider === "debian" && entry.release === provider.releases()[1], JSON.stringify(entry));
    const libc = entry.closure.find((k) => k.startsWith("libc6_")) as string;
    assert.notEqual(libc, session.lock.packages.ripgrep?.provider === "debian" ? session.lock.packages.ripgrep.closure.find((k) => k.startsWith("libc6_")) : undefined, "the newer release's libc6");
    await session.realise([out]);
    const starship = await buildProfile(root, "bob", [out]);
    const r = chroot(root, `${starship}/bin/starship --version`);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /^starship \d+\.\d+/);
  });

  test("every Debian package the name table names exists in this release or the next", () => {
    const provider = session.debianProvider("amd64");
    const names = Object.values(NAMES).flatMap((e) => (e.debian === undefined || e.debian === null ? [] : [e.debian.package]));
    const known = (release: string) => provider.apt(release).packageNames();
    const missing = names.filter((n) => !provider.releases().some((r) => known(r).has(n)));
    assert.deepEqual(missing, []);
  });
});
