/**
 * Standalone home-manager with the real home-manager: nushell
 * integrations follow programs.nushell.enable (src/home/home-defaults.ts).
 * A home enabling fzf, whose package Debian ships older than the 0.73 its
 * nushell integration asserts, builds and gets fzf's bash integration and no nushell files;
 * with nushell enabled, the integrations are written into its config and
 * fzf's assertion is home-manager's own.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { realHomeManagerCopies } from "../helpers/upstream.ts";
import { NO_GITHUB } from "../helpers/no-network.ts";
import { main } from "../../src/cli/home-manager-main.ts";
import { writeHomeFlake } from "./hm-fixtures.ts";

const { hm, lib, skip } = realHomeManagerCopies();

test("nushell integrations are on only with nushell: fzf older than 0.73 builds without it and is refused with it", { skip }, async () => {
  const home = mkdtempSync(join(tmpdir(), "sm-hm-nushell-"));
  try {
    const config = (name: string, extra: string) => `${name} = mk [ ({ pkgs, ... }: {
        home.username = "u";
        home.homeDirectory = "${home}";
        home.stateVersion = "24.05";
        programs.bash.enable = true;
        programs.direnv.enable = true;
        programs.fzf.package = pkgs.writeShellScriptBin "fzf" "" // { version = "0.60.0"; };
        ${extra}
      }) ];`;
    const configs = [
      config("fzf", "programs.fzf.enable = true;"),
      config("nushell", "programs.nushell.enable = true;"),
      config("both", "programs.nushell.enable = true; programs.fzf.enable = true;"),
      config("asked", "programs.fzf.enable = true; programs.fzf.enableNushellIntegration = true;"),
    ];
    writeHomeFlake(join(home, "flake"), { hm, nixpkgs: lib, configs: configs.join("\n") });
    const io = { out: "", err: "", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t), env: { HOME: home, USER: "u", SYSTEM_MANAGER_PACKAGES: "off", ...NO_GITHUB }, cwd: home };
    const flake = (name: string) => `${join(home, "flake")}#${name}`;

    assert.equal(await main(["switch", "--flake", flake("fzf")], io), 0, io.err);
    assert.match(readFileSync(join(home, ".bashrc"), "utf8"), /fzf --bash/);
    assert.equal(existsSync(join(home, ".config/nushell")), false);

    assert.equal(await main(["switch", "--flake", flake("nushell")], io), 0, io.err);
    assert.match(readFileSync(join(home, ".config/nushell/config.nu"), "utf8"), /let direnv = \(/);

    for (const name of ["both", "asked"]) {
      io.err = "";
      assert.equal(await main(["build", "--flake", flake(name)], io), 1, name);
      assert.match(io.err, /fzf package version must be 0\.73\.0 or greater for nushell integration/, name);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
