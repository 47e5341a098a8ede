/**
 * Standalone home-manager with a HOME (or XDG_STATE_HOME, where its store
 * lives) that cannot hold a home: unset or relative, a file, a path through
 * a file, a loop of links. Each is a user error naming HOME and what is
 * there, and nothing is written.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/home-manager-main.ts";
import { NO_GITHUB } from "../helpers/no-network.ts";

function run(env: Record<string, string>) {
  const io = { out: "", err: "", stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s), env: { USER: "bob", SYSTEM_MANAGER_PACKAGES: "off", ...NO_GITHUB, ...env }, cwd: "/" };
  return main(["build", "--config", "/nonexistent/home.config.ts"], io).then((code) => ({ code, err: io.err }));
}

test("a HOME that is no directory is refused saying what is there, before anything is read or written", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-hm-home-"));
  writeFileSync(join(dir, "file"), "");
  symlinkSync(join(dir, "b"), join(dir, "a"));
  symlinkSync(join(dir, "a"), join(dir, "b"));
  const cases: [string | undefined, string][] = [
    [undefined, "Cannot find your home directory: HOME is not set to an absolute path"],
    ["relative", "Cannot find your home directory: HOME is not set to an absolute path"],
    [join(dir, "file"), `Cannot use your home directory ${join(dir, "file")} (HOME): it is not a directory`],
    [join(dir, "file/below"), `Cannot use your home directory ${join(dir, "file/below")} (HOME): Not a directory`],
    [join(dir, "a"), `Cannot use your home directory ${join(dir, "a")} (HOME): Too many levels of symbolic links`],
  ];
  for (const [home, message] of cases) {
    const r = await run(home === undefined ? {} : { HOME: home });
    assert.equal(r.code, 1, r.err);
    assert.equal(r.err, `error: ${message}\n`);
  }
  assert.deepEqual(readdirSync(dir).sort(), ["a", "b", "file"]);
});

test("an XDG_STATE_HOME through a file (where the home's store goes) is refused as a user error, not met as ENOTDIR", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-hm-state-"));
  const home = mkdtempSync(join(tmpdir(), "sm-hm-home-"));
  writeFileSync(join(dir, "file"), "");
  writeFileSync(join(home, "home.config.ts"), `import { defineHomeConfig } from "system-manager";\nexport default defineHomeConfig({ modules: [{ home: { stateVersion: "25.05", file: { a: { text: "a" } } } }] });\n`);
  const io = { out: "", err: "", stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s), env: { HOME: home, USER: "bob", XDG_STATE_HOME: join(dir, "file"), SYSTEM_MANAGER_PACKAGES: "off", ...NO_GITHUB }, cwd: home };
  assert.equal(await main(["build", "--config", join(home, "home.config.ts")], io), 1, io.err);
  assert.match(io.err, new RegExp(`^error: Cannot use ${join(dir, "file")}/system-manager/home: it cannot be reached: Not a directory`));
  assert.deepEqual(readdirSync(dir), ["file"]);
});

test("-b '' is no backup, as home-manager's activation takes it (a file in the way is a collision); -b with a '/' is refused before anything changes", async () => {
  const home = mkdtempSync(join(tmpdir(), "sm-hm-backup-"));
  writeFileSync(join(home, "home.config.ts"), `import { defineHomeConfig } from "system-manager";\nexport default defineHomeConfig({ modules: [{ home: { stateVersion: "25.05", file: { z: { text: "ours" } } } }] });\n`);
  writeFileSync(join(home, "z"), "mine\n");
  const attempt = async (ext: string) => {
    const io = { out: "", err: "", stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s), env: { HOME: home, USER: "bob", SYSTEM_MANAGER_PACKAGES: "off", ...NO_GITHUB }, cwd: home };
    assert.equal(await main(["switch", "--config", join(home, "home.config.ts"), "-b", ext], io), 1, io.err);
    return io.err;
  };
  assert.match(await attempt(""), /Existing file '.*\/z' would be clobbered/);
  assert.match(await attempt("../up"), /^error: Cannot use "\.\.\/up" as the backup extension \(-b\): a backup is made beside its file, so the extension may not hold a '\/'/);
  assert.deepEqual(readdirSync(home).filter((n) => n.startsWith("z") || n === "up"), ["z"], "no backup made");
  assert.equal(readFileSync(join(home, "z"), "utf8"), "mine\n");
});
