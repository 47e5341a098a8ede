import { test } from "node:test";
import assert from "node:assert/strict";
import { posix } from "node:path";
import { HOME_MANIFEST_VERSION, type HomeContent, type HomeFile, type HomeManifest } from "../build/home-generation.ts";
import type { TreeEntry } from "../store/file-tree.ts";
import { STORE_DIR } from "../store/store-path.ts";
import { profileTarget, withProfileLink } from "./profile-link.ts";

const RG = `${STORE_DIR}/hkxjl6pyrx4k0ylmlgjd3vlcgs7p6iyd-ripgrep-13.0.0`;

function content(files: HomeFile[]): HomeContent {
  const manifest: HomeManifest = { version: HOME_MANIFEST_VERSION, username: "alice", homeDirectory: "/home/alice", uid: null, stateVersion: "24.05", files, activation: [], sessionVariablesFile: "" };
  const tree = new Map<string, TreeEntry>(files.map((f) => [`home-files/${f.target}`, { kind: "file", content: Buffer.from("x"), executable: false }]));
  return { manifest, tree, extra: [] };
}

const profile = new Map<string, TreeEntry>([
  ["bin/rg", { kind: "symlink", target: `${RG}/bin/rg` }],
  ["share/man/man1/rg.1.gz", { kind: "symlink", target: `${RG}/share/man/man1/rg.1.gz` }],
  ["etc/profile.d/hm-session-vars.sh", { kind: "file", content: Buffer.from("export A=1\n"), executable: false }],
]);

test("the profile directory is a home file whose links name their store paths relatively", () => {
  const before = content([{ target: ".bashrc", kind: "file", force: false, onChange: "" }, { target: ".nix-profile/etc/profile.d/hm-session-vars.sh", kind: "file", force: false, onChange: "" }]);
  const after = withProfileLink(before, ".nix-profile", profile);
  assert.deepEqual(after.manifest.files.map((f) => [f.target, f.kind]), [[".bashrc", "file"], [".nix-profile", "directory"]], "the profile's own hm-session-vars.sh gives way");
  assert.deepEqual(JSON.parse(String((after.tree.get("home.json") as { content: Buffer }).content)).files, after.manifest.files);
  for (const rel of ["bin/rg", "share/man/man1/rg.1.gz"]) {
    const at = `home-files/.nix-profile/${rel}`;
    const link = after.tree.get(at) as { kind: string; target: string };
    // Resolved from <store>/<generation>/<at>'s directory, the link reaches the same store path.
    assert.equal(posix.join(STORE_DIR, "gen", posix.dirname(at), link.target), `${RG}/${rel}`);
  }
  assert.equal((after.tree.get("home-files/.nix-profile/etc/profile.d/hm-session-vars.sh") as { content: Buffer }).content.toString(), "export A=1\n");
  assert.ok(after.tree.has("home-files/.bashrc"));
});

test("any other home file inside the profile directory is refused; an empty profile changes nothing", () => {
  const before = content([{ target: ".nix-profile/bin/mine", kind: "file", force: false, onChange: "" }]);
  assert.throws(() => withProfileLink(before, ".nix-profile", profile), /Cannot manage '\/home\/alice\/\.nix-profile\/bin\/mine': it is inside home-manager's profile directory/);
  assert.equal(withProfileLink(before, ".nix-profile", new Map()), before);
  assert.equal(profileTarget("/home/alice/.local/state/nix/profile", "/home/alice"), ".local/state/nix/profile");
  assert.equal(profileTarget("/etc/profiles/per-user/alice", "/home/alice"), undefined);
});
