import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "./home-manager-main.ts";
import { NO_GITHUB, standInWarning } from "../../test/helpers/no-network.ts";

function setup(t: TestContext) {
  const home = mkdtempSync(join(tmpdir(), "sm-hm-"));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  mkdirSync(join(home, ".config/home-manager"), { recursive: true });
  const io = { out: "", err: "", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t), env: { HOME: home, USER: "bob", SYSTEM_MANAGER_PACKAGES: "off", ...NO_GITHUB }, cwd: home };
  const config = (text: string) =>
    writeFileSync(
      join(home, ".config/home-manager/home.config.ts"),
      `import { defineHomeConfig } from "system-manager";\nexport default defineHomeConfig({ modules: [{ home: { stateVersion: "25.05", file: { "a.txt": { text: ${JSON.stringify(text)} } } } }] });\n`,
    );
  const read = (rel: string) => readFileSync(join(home, rel), "utf8");
  return { home, io, config, read };
}

test("home-manager switch, generations, rollback and remove-generations (standalone, as the user)", async (t) => {
  const { home, io, config, read } = setup(t);
  config("one\n");
  assert.equal(await main(["switch"], io), 0, io.err);
  assert.equal(read("a.txt"), "one\n");
  assert.ok(lstatSync(join(home, "a.txt")).isSymbolicLink());
  config("two\n");
  assert.equal(await main(["switch"], io), 0, io.err);
  assert.equal(read("a.txt"), "two\n");
  io.out = "";
  assert.equal(await main(["generations"], io), 0);
  assert.match(io.out, /^\d{4}-\d\d-\d\d \d\d:\d\d : id 2 -> .*-home-manager-generation \(current\)\n.* : id 1 -> .*-home-manager-generation\n$/);
  assert.equal(await main(["rollback"], io), 0, io.err);
  assert.equal(read("a.txt"), "one\n");
  assert.equal(readlinkSync(join(home, ".local/state/nix/profiles/home-manager")), "home-manager-1-link");
  assert.equal(await main(["remove-generations", "1"], io), 1);
  assert.match(io.err, /Cannot remove generation 1: it is the current generation/);
  assert.equal(await main(["remove-generations", "2"], io), 0);
  assert.ok(!existsSync(join(home, ".local/state/nix/profiles/home-manager-2-link")));
});

test("home-manager switch refuses to clobber a file unless -b is given", async (t) => {
  const { home, io, config, read } = setup(t);
  writeFileSync(join(home, "a.txt"), "mine\n");
  config("ours\n");
  assert.equal(await main(["switch"], io), 1);
  assert.match(io.err, /Existing file '.*\/a\.txt' would be clobbered/);
  assert.equal(read("a.txt"), "mine\n");
  assert.equal(await main(["switch", "-b", "backup"], io), 0, io.err);
  assert.equal(read("a.txt.backup"), "mine\n");
  assert.equal(read("a.txt"), "ours\n");
});

test("home-manager switch --flake DIR#NAME takes homeConfigurations.NAME (homeManagerConfiguration)", async (t) => {
  const { home, io, read } = setup(t);
  const dir = join(home, "flake");
  mkdirSync(dir);
  writeFileSync(
    join(dir, "flake.nix"),
    `{
  inputs.nixpkgs.url = "github:nixos/nixpkgs/nixos-unstable";
  inputs.home-manager = { url = "github:nix-community/home-manager"; inputs.nixpkgs.follows = "nixpkgs"; };
  outputs = { self, nixpkgs, home-manager, ... }: {
    homeConfigurations.bob = home-manager.lib.homeManagerConfiguration {
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
      modules = [ ({ lib, ... }: {
        home.stateVersion = "25.05";
        home.file."from-flake.txt".text = lib.concatStringsSep " " [ "made" "in" "nix" ] + "\\n";
        programs.git = { enable = true; userName = "Bob"; };
        home.file."copied.txt".source = "\${./dotfile}";
      }) ];
    };
  };
}
`,
  );
  writeFileSync(join(dir, "dotfile"), "copied by the flake\n");
  assert.equal(await main(["switch", "--flake", dir], io), 0, io.err);
  assert.equal(read("from-flake.txt"), "made in nix\n");
  assert.equal(read("copied.txt"), "copied by the flake\n", "the path the flake interpolated is in the home store");
  assert.match(read(".config/git/config"), /name = "Bob"/);
  assert.match(io.err, /has been renamed to `programs\.git\.settings\.user\.name'/);
  assert.match(io.err, standInWarning("home-manager"), "GitHub is out of reach: the built-in home-manager stands in, and says so");
});
