/**
 * Completions read from what is on disk, through the real sources
 * (completion-sources.ts): `--override-input`'s input paths from the
 * flake's flake.lock, one level at a time and through a `follows`, or
 * from flake.nix's `inputs` and `outputs` formals when there is no lock;
 * the system generation numbers under --root for `switch --generation`,
 * and the user's Home Manager generations for `remove-generations`.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { complete } from "./complete.ts";
import { completionSources } from "./completion-sources.ts";
import type { Io } from "../io.ts";

const made: string[] = [];
const tmp = (prefix: string) => (made.push(mkdtempSync(join(tmpdir(), prefix))), made.at(-1) as string);
after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

const io = (home = "/nonexistent"): Io => ({ stdout: () => undefined, stderr: () => undefined, env: { HOME: home }, cwd: "/" });
const sm = async (...words: string[]) => complete(words, await completionSources("system-manager", io()));

const FLAKE = `{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.11";
  inputs.system-manager = { url = "github:numtide/system-manager"; inputs.nixpkgs.follows = "nixpkgs"; };
  outputs = { self, nixpkgs, system-manager, extra ? null, ... }: throw "not evaluated";
}
`;

const LOCK = {
  nodes: {
    root: { inputs: { nixpkgs: "nixpkgs", "system-manager": "system-manager", shared: ["system-manager", "helper"] } },
    nixpkgs: { locked: {} },
    "system-manager": { inputs: { nixpkgs: ["nixpkgs"], helper: "helper" } },
    helper: { inputs: { tools: "tools" } },
    tools: { locked: {} },
  },
  root: "root",
  version: 7,
};

test("--override-input offers the flake's input paths from flake.lock, one level below what is typed", async () => {
  const dir = tmp("sm-complete-inputs-");
  writeFileSync(join(dir, "flake.nix"), FLAKE);
  writeFileSync(join(dir, "flake.lock"), JSON.stringify(LOCK));
  assert.deepEqual(await sm("switch", "--flake", dir, "--override-input", ""), { mode: "words", candidates: ["nixpkgs", "shared", "system-manager"] });
  assert.deepEqual((await sm("switch", "--flake", `${dir}#web`, "--override-input", "sy")).candidates, ["system-manager"]);
  assert.deepEqual((await sm("build", "--flake", dir, "--override-input", "system-manager/")).candidates, ["system-manager/helper", "system-manager/nixpkgs"]);
  // Through a follows: shared is system-manager/helper.
  assert.deepEqual((await sm("build", "--flake", dir, "--override-input", "shared/")).candidates, ["shared/tools"]);
  assert.deepEqual((await sm("switch", "--flake", dir, "--override-input", "nixpkgs", "")).candidates, [], "the second value is a flake reference");
});

test("--override-input without flake.lock offers flake.nix's declared inputs and outputs' formals, evaluating neither", async () => {
  const dir = tmp("sm-complete-inputs-");
  writeFileSync(join(dir, "flake.nix"), FLAKE);
  assert.deepEqual((await sm("switch", "--flake", dir, "--override-input", "")).candidates, ["extra", "nixpkgs", "system-manager"]);
  assert.deepEqual((await sm("switch", "--flake", dir, "--override-input", "nixpkgs/")).candidates, []);
});

test("--generation offers the system generations under --root; remove-generations the user's Home Manager ones", async () => {
  const root = tmp("sm-complete-gens-");
  const profiles = join(root, "var/lib/system-manager/profiles");
  mkdirSync(profiles, { recursive: true });
  for (const n of [1, 2, 10]) symlinkSync(`/var/lib/system-manager/store/x-${n}`, join(profiles, `system-${n}-link`));
  symlinkSync("system-10-link", join(profiles, "system"));
  writeFileSync(join(profiles, "system-3-link"), "not a link");
  symlinkSync("/nowhere", join(profiles, "home-4-link"));
  assert.deepEqual(await sm("switch", "--root", root, "--generation", ""), { mode: "words", candidates: ["1", "2", "10"] });
  assert.deepEqual((await sm("switch", `--root=${root}`, "--generation=1")).candidates, ["1", "10"]);
  const home = tmp("sm-complete-home-");
  const hmProfiles = join(home, ".local/state/nix/profiles");
  mkdirSync(hmProfiles, { recursive: true });
  for (const n of [3, 4]) symlinkSync(`/x-${n}`, join(hmProfiles, `home-manager-${n}-link`));
  const hm = await completionSources("home-manager", io(home));
  assert.deepEqual(await complete(["remove-generations", ""], hm), { mode: "words", candidates: ["3", "4"] });
  assert.deepEqual((await complete(["remove-generations", "3", ""], hm)).candidates, ["3", "4"]);
});
