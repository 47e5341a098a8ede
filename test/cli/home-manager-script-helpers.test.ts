/**
 * home-manager's shell helpers (run, verboseEcho, noteEcho…) are defined
 * for every script the activation runs: the home.activation steps and the
 * onChange hooks of changed files alike, as home-manager's activate
 * script has them (home-manager's systemd.user.tmpfiles onChange is
 * `run systemd-tmpfiles --user …`; it failed with "run: command not
 * found").
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/home-manager-main.ts";
import { NO_GITHUB } from "../helpers/no-network.ts";

test("an onChange hook and an activation step both call run and noteEcho", async () => {
  const home = mkdtempSync(join(tmpdir(), "sm-hm-helpers-"));
  try {
    mkdirSync(join(home, ".config/home-manager"), { recursive: true });
    const config = (text: string) =>
      writeFileSync(
        join(home, ".config/home-manager/home.config.ts"),
        `import { defineHomeConfig } from "system-manager";\nexport default defineHomeConfig({ modules: [{ home: { stateVersion: "25.05", file: { "a.txt": { text: ${JSON.stringify(text)}, onChange: 'run touch "$HOME/on-change-ran"; noteEcho hook' } }, activation: { tell: { data: 'run --quiet echo quiet; run touch "$HOME/step-ran"', after: ["linkGeneration"], before: [] } } } }] });\n`,
      );
    const io = { out: "", err: "", stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s), env: { HOME: home, USER: "bob", PATH: process.env.PATH ?? "/usr/bin:/bin", SYSTEM_MANAGER_PACKAGES: "off", ...NO_GITHUB } as Record<string, string>, cwd: home };
    config("one\n");
    assert.equal(await main(["switch"], io), 0, io.err);
    assert.equal(readFileSync(join(home, "step-ran"), "utf8"), "");
    assert.equal(readFileSync(join(home, "on-change-ran"), "utf8"), "");
    rmSync(join(home, "on-change-ran"));
    config("two\n");
    assert.equal(await main(["switch"], io), 0, io.err);
    assert.equal(readFileSync(join(home, "on-change-ran"), "utf8"), "", "the hook runs again when the file changes");
    assert.doesNotMatch(io.out + io.err, /command not found/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
