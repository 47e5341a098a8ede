import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakePath } from "../../test/packages/helpers/fake-store.ts";
import { buildProfile } from "./profile.ts";
import { realiseProfiles } from "./realise-profiles.ts";

function newRoot(): string {
  return mkdtempSync(join(tmpdir(), "sm-profile-"));
}

test("a profile links the requested packages' bin/ and share/ only, merging share/ directories", async () => {
  const root = newRoot();
  const perl = fakePath(root, "perl-5.36", { "bin/perl": "#!perl", "share/man/man1/perl.1": "perl" });
  const git = fakePath(root, "git-2.39", { "bin/git": "#!git", "share/man/man1/git.1": "git", "share/bash-completion/completions/git": "c", "lib/git-core/git-add": "x", ".system-manager/info.json": JSON.stringify({ references: [perl] }) });
  const rg = fakePath(root, "ripgrep-13", { "bin/rg": "#!rg", "share/man/man1/rg.1": "rg", "share/zsh/_rg": "z" });
  const profile = await buildProfile(root, "alice", [git, rg]);
  assert.match(profile, /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-alice-profile$/);
  const host = join(root, profile);
  assert.deepEqual(readdirSync(join(host, "bin")).sort(), ["git", "rg"], "the closure (perl) is not on PATH");
  assert.equal(readlinkSync(join(host, "bin/rg")), `${rg}/bin/rg`);
  assert.deepEqual(readdirSync(host).sort(), ["bin", "share"]);
  assert.deepEqual(readdirSync(join(host, "share/man/man1")).sort(), ["git.1", "rg.1"], "a directory both have is merged");
  assert.equal(readlinkSync(join(host, "share/zsh")), `${rg}/share/zsh`, "a directory one package has is one link");
  assert.equal(readlinkSync(join(host, "share/man/man1/git.1")), `${git}/share/man/man1/git.1`);
  assert.equal(await buildProfile(root, "alice", [git, rg, git]), profile, "same packages, same path");
  assert.notEqual(await buildProfile(root, "alice", [git]), profile);
});

test("etc/profile.d/ is linked too (home-manager's home-path carries hm-session-vars.sh there); the rest of etc/ is not", async () => {
  const root = newRoot();
  const homePath = fakePath(root, "home-manager-path", { "bin/rg": "#!rg", "etc/profile.d/hm-session-vars.sh": "export A=1\n", "etc/xdg/x.conf": "x" });
  const other = fakePath(root, "bash-completion-2.11", { "etc/profile.d/bash_completion.sh": "c" });
  const host = join(root, await buildProfile(root, "alice", [homePath, other]));
  assert.deepEqual(readdirSync(host).sort(), ["bin", "etc"]);
  assert.deepEqual(readdirSync(join(host, "etc")), ["profile.d"]);
  assert.equal(readlinkSync(join(host, "etc/profile.d/hm-session-vars.sh")), `${homePath}/etc/profile.d/hm-session-vars.sh`);
  assert.equal(readlinkSync(join(host, "etc/profile.d/bash_completion.sh")), `${other}/etc/profile.d/bash_completion.sh`);
});

test("Qt's plugins and QML (lib/qt-5, lib/qt-6) are linked too, where home-manager's qt module points QT_PLUGIN_PATH; the rest of lib/ is not", async () => {
  const root = newRoot();
  const style = fakePath(root, "adwaita-qt-1.4", { "lib/qt-5/plugins/styles/libadwaita.so": "so", "lib/libadwaitaqt.so.1": "lib" });
  const theme = fakePath(root, "qt5-gtk-platformtheme-5.15", { "lib/qt-5/plugins/platformthemes/libqgtk3.so": "so" });
  const host = join(root, await buildProfile(root, "alice", [style, theme]));
  assert.deepEqual(readdirSync(host).sort(), ["lib"]);
  assert.deepEqual(readdirSync(join(host, "lib")), ["qt-5"]);
  assert.deepEqual(readdirSync(join(host, "lib/qt-5/plugins")).sort(), ["platformthemes", "styles"]);
  assert.equal(readlinkSync(join(host, "lib/qt-5/plugins/styles")), `${style}/lib/qt-5/plugins/styles`);
});

test("two packages giving the same program is an error naming both", async () => {
  const root = newRoot();
  const vim = fakePath(root, "vim-9.0", { "bin/vi": "#!vim" });
  const nvi = fakePath(root, "nvi-1.81", { "bin/vi": "#!nvi" });
  await assert.rejects(buildProfile(root, "bob", [vim, nvi]), /Cannot build the profile of bob: vim-9\.0 and nvi-1\.81 both provide bin\/vi; remove one of them/);
});

test("an empty profile is an empty store path; output links into other store paths are followed under the root", async () => {
  const root = newRoot();
  assert.deepEqual(readdirSync(join(root, await buildProfile(root, "system", []))), []);
  const deb = fakePath(root, "fd-find-8.6", { "usr/bin/fdfind": "#!fd", "usr/share/man/man1/fdfind.1": "m" });
  const out = fakePath(root, "fd-8.6", { "bin/fd": `-> ${deb}/usr/bin/fdfind`, "share/man": `-> ${deb}/usr/share/man` });
  const p = join(root, await buildProfile(root, "system", [out]));
  assert.equal(readlinkSync(join(p, "bin/fd")), `${out}/bin/fd`);
  assert.equal(readlinkSync(join(p, "share/man")), `${out}/share/man`);
});

test("realiseProfiles() realises every package, then builds the system profile and one per user with packages", async () => {
  const root = newRoot();
  const rg = fakePath(root, "ripgrep-13", { "bin/rg": "rg" });
  const jq = fakePath(root, "jq-1.6", { "bin/jq": "jq" });
  const asked: string[][] = [];
  const session = { realise: async (p?: readonly string[]) => (asked.push([...(p ?? [])]), { downloaded: 0, unpacked: 0, outputs: 0 }) };
  const r = await realiseProfiles(session, root, { system: [{ attr: "jq", outPath: jq }], users: { bob: [], alice: [{ attr: "ripgrep", outPath: rg }, { attr: "jq", outPath: jq }] } });
  assert.deepEqual(asked, [[jq, rg]]);
  assert.deepEqual(Object.keys(r.users), ["alice"]);
  assert.deepEqual(readdirSync(join(root, r.users.alice!, "bin")).sort(), ["jq", "rg"]);
  assert.deepEqual(readdirSync(join(root, r.system, "bin")), ["jq"]);
  const missing = "/var/lib/system-manager/store/0mdqa9w1p6cmli6976v4wi0sw9r4p5pr-fd-8";
  await assert.rejects(realiseProfiles(session, root, { system: [{ attr: "fd", outPath: missing }], users: {} }), /Cannot build the profiles: pkgs\.fd \(.*-fd-8\) is not in the store/);
});
