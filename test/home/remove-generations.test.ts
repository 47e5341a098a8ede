/**
 * home-manager remove-generations: every id is checked before any is
 * removed, so a list holding an unknown id or the current one removes
 * nothing and names every problem at once; a good list removes each.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/home-manager-main.ts";
import { NO_GITHUB } from "../helpers/no-network.ts";

test("remove-generations removes none when one id is unknown or current, reporting all of them; then removes the ones asked", async (t) => {
  const home = mkdtempSync(join(tmpdir(), "sm-hm-remove-"));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  mkdirSync(join(home, ".config/home-manager"), { recursive: true });
  const io = { out: "", err: "", stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s), env: { HOME: home, USER: "bob", SYSTEM_MANAGER_PACKAGES: "off", ...NO_GITHUB }, cwd: home };
  for (const text of ["one", "two", "three"]) {
    writeFileSync(join(home, ".config/home-manager/home.config.ts"), `import { defineHomeConfig } from "system-manager";\nexport default defineHomeConfig({ modules: [{ home: { stateVersion: "25.05", file: { a: { text: ${JSON.stringify(text)} } } } }] });\n`);
    assert.equal(await main(["switch"], io), 0, io.err);
  }
  const profiles = join(home, ".local/state/nix/profiles");
  const links = () => readdirSync(profiles).filter((n) => /-\d+-link$/.test(n)).sort();
  const before = links();
  assert.equal(before.length, 3, before.join(" "));
  io.err = "";
  assert.equal(await main(["remove-generations", "1", "7", "3"], io), 1);
  assert.match(io.err, /Cannot remove generation 7: there is no such generation/);
  assert.match(io.err, /Cannot remove generation 3: it is the current generation/);
  assert.deepEqual(links(), before, "nothing removed");
  io.err = "";
  assert.equal(await main(["remove-generations", "1", "2"], io), 0, io.err);
  assert.equal(io.err, "Removed generation 1\nRemoved generation 2\n");
  assert.deepEqual(links(), before.slice(2));
});
