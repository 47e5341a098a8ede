/**
 * home-manager's modular services (`home.services.<name>`) with a
 * lib-only nixpkgs: they import nixpkgs' systemd service module through
 * pkgs.path, which the project's equivalent
 * (src/flake/nixpkgs-path/nixos/modules/system/service/systemd/service.nix)
 * stands in for. A service's process.argv becomes its user unit's
 * ExecStart, each argument quoted for systemd (`%` and `$` doubled).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { realHomeManagerCopies } from "../helpers/upstream.ts";
import { NO_GITHUB } from "../helpers/no-network.ts";
import { main } from "../../src/cli/home-manager-main.ts";
import { writeHomeFlake } from "./hm-fixtures.ts";

const { hm, lib, skip } = realHomeManagerCopies();

test("home.services.<name>: process.argv is the unit's ExecStart, quoted for systemd, restarted always, wanted by default.target", { skip }, async () => {
  const home = mkdtempSync(join(tmpdir(), "sm-hm-services-"));
  try {
    writeHomeFlake(join(home, "flake"), {
      hm,
      nixpkgs: lib,
      configs: `u = mk [ ({ pkgs, ... }: {
        home.username = "u";
        home.homeDirectory = "${home}";
        home.stateVersion = "24.05";
        home.services.ticker.process.argv = [ "/bin/sh" "-c" "echo 100% $HOME" ];
      }) ];`,
    });
    const io = { out: "", err: "", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t), env: { HOME: home, USER: "u", SYSTEM_MANAGER_PACKAGES: "off", ...NO_GITHUB }, cwd: home };
    assert.equal(await main(["switch", "--flake", `${join(home, "flake")}#u`], io), 0, io.err);
    const unit = readFileSync(join(home, ".config/systemd/user/ticker.service"), "utf8");
    assert.match(unit, /^ExecStart=$/m);
    assert.match(unit, /^ExecStart="\/bin\/sh" "-c" "echo 100%% \$\$HOME"$/m);
    assert.match(unit, /^Restart=always$/m);
    assert.match(unit, /^WantedBy=default\.target$/m);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
