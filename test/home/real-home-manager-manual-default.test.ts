/**
 * Standalone home-manager with the real home-manager: its manual page is
 * off by default under system-manager (the configuration is extended with
 * `manual.manpages.enable = mkDefault false`), so `config.home.path`,
 * which fonts.fontconfig names in 10-hm-fonts.conf, is the profile the
 * build makes and the option documentation is never evaluated; enabled
 * explicitly, the configuration still builds.
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

test("fonts.fontconfig names home.path; the manual page is off unless enabled, and then left out with a warning", { skip }, async () => {
  const home = mkdtempSync(join(tmpdir(), "sm-hm-manual-"));
  try {
    const config = (name: string, extra: string) => `${name} = mk [ ({ pkgs, ... }: {
        home.username = "u";
        home.homeDirectory = "${home}";
        home.stateVersion = "24.05";
        ${extra}
      }) ];`;
    writeHomeFlake(join(home, "flake"), { hm, nixpkgs: lib, configs: [config("plain", "fonts.fontconfig.enable = true;"), config("manual", "manual.manpages.enable = true;")].join("\n") });
    const io = { out: "", err: "", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t), env: { HOME: home, USER: "u", SYSTEM_MANAGER_PACKAGES: "off", ...NO_GITHUB }, cwd: home };
    assert.equal(await main(["switch", "--flake", `${join(home, "flake")}#plain`], io), 0, io.err);
    assert.match(readFileSync(join(home, ".config/fontconfig/conf.d/10-hm-fonts.conf"), "utf8"), /<dir>\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-home-manager-path\/lib\/X11\/fonts<\/dir>/);
    assert.doesNotMatch(io.err, /manual page/);
    io.err = "";
    // Enabled explicitly, the page is in home.packages; the build leaves it out of the profile (with packages, a warning says so: standalone-packages.test.ts).
    assert.equal(await main(["build", "--flake", `${join(home, "flake")}#manual`], io), 0, io.err);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
