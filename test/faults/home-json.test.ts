/**
 * A damaged or hostile home.json, as the engine's home-activate meets it:
 * not JSON, the wrong shape, a target leaving the home, a home directory
 * with "..". Each is a user error (exit 1, no stack) and nothing in the
 * home changes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { homeOf } from "../home/home-config.ts";
import { writeStorePath } from "../../src/store/write-store-path.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { homeActivate } from "../../src/cli/commands/home-activate.ts";
import { handleCliError } from "../../src/cli/render-error.ts";

test("a corrupt or hostile home.json is refused with a clear error, and the home is untouched", async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-fault-json-"));
  const home = join(root, "home/alice");
  mkdirSync(home, { recursive: true });
  const { content } = homeOf({ home: { stateVersion: "25.05", file: { "a.txt": { text: "a\n" } } } });
  for (const e of content.extra) await writeStorePath(root, e.name, e.tree);
  const g = await writeStorePath(root, "home-manager-generation", content.tree);
  const manifest = join(root, g, "home.json");
  const good = JSON.parse(readFileSync(manifest, "utf8"));
  // The store path is read-only, as Nix makes it: only root could replace a file in it without making it writable first.
  chmodSync(join(root, g), 0o755);
  const cases: [string, RegExp][] = [
    ["{not json", /its home\.json is not valid JSON/],
    ["[]", /its home\.json is not a home manifest: it is not a JSON object/],
    [JSON.stringify({ version: 1, files: "nope" }), /not a home manifest: username is not a non-empty string/],
    [JSON.stringify({ ...good, files: "nope" }), /files is not a list/],
    [JSON.stringify({ ...good, files: [{ target: "../../etc/passwd", kind: "file", force: true, onChange: "" }] }), /the file target "\.\.\/\.\.\/etc\/passwd" is not a relative path inside the home/],
    [JSON.stringify({ ...good, files: [{ target: "/etc/passwd", kind: "file", force: true, onChange: "" }] }), /the file target "\/etc\/passwd" is not a relative path/],
    [JSON.stringify({ ...good, homeDirectory: "/home/../etc" }), /homeDirectory "\/home\/\.\.\/etc" is not an absolute path without/],
    [JSON.stringify({ ...good, activation: [{ name: "x" }] }), /activation has a step that is not \{name, data, builtin\}/],
    [JSON.stringify({ ...good, version: 99 }), /it has version 99, and this system-manager reads 1/],
  ];
  for (const [bad, words] of cases) {
    rmSync(manifest, { force: true });
    writeFileSync(manifest, bad);
    const io = { out: "", err: "", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t), env: { PATH: process.env.PATH }, cwd: root };
    let code: number;
    try {
      code = await homeActivate(["--generation", g, "--home", home, "--store", join(root, STORE_DIR), "--any-user"], io);
    } catch (e) {
      code = handleCliError(e, io.stderr);
    }
    assert.equal(code, 1, `${bad}: ${io.err}`);
    assert.match(io.err, words);
    assert.doesNotMatch(io.err, /internal error/);
    assert.deepEqual(readdirSync(home), []);
  }
});
