/**
 * The real nix-community/home-manager's `systemd.user.services` (a local
 * copy, see real-home-manager.test.ts): generations built by
 * `home-manager build --flake`, activated with a fake user manager
 * (fake-user-systemctl.ts). Their unit files and `.wants` links are what
 * our reloadSystemd step reads: the service is started, then restarted
 * when its ExecStart changes.
 */
import { test } from "node:test";
import { execFileSync } from "node:child_process";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { upstream } from "../helpers/upstream.ts";
import { NO_GITHUB } from "../helpers/no-network.ts";
import { main } from "../../src/cli/home-manager-main.ts";
import { defaultStoreRoot } from "../../src/home/standalone-home.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { activateHome } from "../../src/activate/home/activate-home.ts";
import { writeHomeFlake } from "./hm-fixtures.ts";
import { FakeUserSystemctl } from "./fake-user-systemctl.ts";

/** Removes a temporary root, its store paths (read-only directories) included. */
const removeTree = (dir: string) => (execFileSync("chmod", ["-R", "u+w", dir]), rmSync(dir, { recursive: true, force: true }));
const hm = upstream("home-manager");
const lib = upstream("nixpkgs.lib");
const skip = "skip" in hm ? hm.skip : "skip" in lib ? lib.skip : undefined;
const dirOf = (t: typeof hm) => ("dir" in t ? t.dir : "");

test("home-manager's systemd.user.services: its unit is started, then restarted when its ExecStart changes", { skip }, async (t) => {
  const home = mkdtempSync(join(tmpdir(), "sm-real-hm-units-"));
  t.after(() => removeTree(home));
  const user = (name: string, version: string) => `${name} = mk [ {
        home.username = "hm-user";
        home.homeDirectory = "${home}";
        home.stateVersion = "24.05";
        systemd.user.services.web = {
          Unit.Description = "Web";
          Service.ExecStart = "/bin/web ${version}";
          Install.WantedBy = [ "default.target" ];
        };
      } ];`;
  writeHomeFlake(join(home, "flake"), { hm: dirOf(hm), nixpkgs: dirOf(lib), configs: `${user("one", "1")}\n      ${user("two", "2")}` });
  const env = { HOME: home, USER: "hm-user", SYSTEM_MANAGER_PACKAGES: "off", ...NO_GITHUB };
  const storeRoot = defaultStoreRoot(env, home);
  const build = async (name: string) => {
    const io = { out: "", err: "", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t), env, cwd: home };
    assert.equal(await main(["build", "--flake", `${join(home, "flake")}#${name}`], io), 0, io.err);
    return io.out.trim().slice(storeRoot.length);
  };
  const sd = new FakeUserSystemctl();
  const log: string[] = [];
  const activate = (generation: string) =>
    activateHome({ storeDir: join(storeRoot, STORE_DIR), homeDir: home, generation, backupExtension: null, linkPrefix: storeRoot, uid: undefined, env, log: (l) => log.push(l), systemctl: sd.run });

  activate(await build("one"));
  assert.deepEqual(sd.calls.slice(2), ["daemon-reload", "start -- web.service"], log.join("\n"));
  sd.calls.length = 0;
  activate(await build("two"));
  assert.deepEqual(sd.calls.slice(2), ["stop -- web.service", "daemon-reload", "start -- web.service"], log.join("\n"));
});
