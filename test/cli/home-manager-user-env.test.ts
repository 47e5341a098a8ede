/**
 * Standalone home-manager run without USER or LOGNAME in its environment
 * (`env -i HOME=… PATH=…`, cron, a systemd service): home-manager's
 * scripts read $USER under `set -u` (kitty's onChange runs
 * `pkill -USR1 -u $USER kitty`), so the activation gives them the user
 * running it, as a login would; a USER the caller set is kept.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/home-manager-main.ts";
import { NO_GITHUB } from "../helpers/no-network.ts";

async function switchWith(env: Record<string, string>): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), "sm-hm-user-env-"));
  try {
    mkdirSync(join(home, ".config/home-manager"), { recursive: true });
    const script = 'echo "$USER $LOGNAME" > "$HOME/seen"';
    writeFileSync(
      join(home, ".config/home-manager/home.config.ts"),
      `import { defineHomeConfig } from "system-manager";\nexport default defineHomeConfig({ modules: [{ home: { username: ${JSON.stringify(env.USER ?? userInfo().username)}, stateVersion: "25.05", activation: { tell: { data: ${JSON.stringify(script)}, after: ["linkGeneration"], before: [] } } } }] });\n`,
    );
    const io = { out: "", err: "", stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s), env: { HOME: home, PATH: process.env.PATH ?? "/usr/bin:/bin", SYSTEM_MANAGER_PACKAGES: "off", ...NO_GITHUB, ...env } as Record<string, string>, cwd: home };
    assert.equal(await main(["switch"], io), 0, io.err);
    return readFileSync(join(home, "seen"), "utf8");
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

test("without USER and LOGNAME, the activation's scripts see the user running it in both", async () => {
  const me = userInfo().username;
  assert.equal(await switchWith({}), `${me} ${me}\n`);
});

test("a USER and LOGNAME the caller set are what the scripts see", async () => {
  assert.equal(await switchWith({ USER: "bob", LOGNAME: "bobby" }), "bob bobby\n");
});
