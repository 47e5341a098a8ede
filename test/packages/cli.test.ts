import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { gc } from "../../src/cli/commands/gc.ts";
import { update } from "../../src/cli/commands/update.ts";
import type { Io } from "../../src/cli/io.ts";
import { fakePath } from "./helpers/fake-store.ts";

function io(cwd: string): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd, out, err };
}

test("gc --dry-run lists what gc removes; gc removes it", async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-gc-cli-"));
  const kept = fakePath(root, "kept-1", { "bin/k": "k" });
  const dead = fakePath(root, "dead-1", { "bin/d": "dd" });
  mkdirSync(join(root, "var/lib/system-manager/profiles"), { recursive: true });
  symlinkSync(kept, join(root, "var/lib/system-manager/profiles/system-1-link"));
  const dry = io(root);
  assert.equal(await gc(["--root", root, "--dry-run"], dry), 0);
  assert.equal(dry.out[0], `would remove ${basename(dead)}\n`);
  assert.match(dry.out[1] ?? "", /^Would remove 1 store path \(\d+ kB\); 1 in use\.\n$/);
  assert.ok(existsSync(join(root, dead)));
  const real = io(root);
  assert.equal(await gc(["--root", root], real), 0);
  assert.equal(real.out[0], `removed ${basename(dead)}\n`);
  assert.ok(!existsSync(join(root, dead)) && existsSync(join(root, kept)));
});

test("update needs a lock to update, and names only locked packages", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-update-cli-"));
  writeFileSync(join(dir, "system.ts"), "export default {};\n");
  await assert.rejects(update(["--config", "system.ts", "--root", dir], io(dir)), /Cannot update: there is no .*system-manager\.lock yet; build or switch creates it/);
  writeFileSync(join(dir, "system-manager.lock"), JSON.stringify({ version: 1, packages: {}, debs: {} }));
  await assert.rejects(update(["--config", "system.ts", "--root", dir, "ripgrep"], io(dir)), /Cannot update ripgrep: not in .* \(locked: nothing\)/);
  // A flake's lock is found in its directory however the flake is named, as build finds it.
  await assert.rejects(update(["--flake", `path:${dir}#host`, "--root", dir, "ripgrep"], io(dir)), /Cannot update ripgrep: not in .* \(locked: nothing\)/);
  await assert.rejects(update(["--root", dir], io(dir)), /Supply the configuration whose lock to update/);
  await assert.rejects(update(["--config", "system.ts", "--provider", "brew"], io(dir)), /expected auto, debian or nix/);
  const help = io(dir);
  assert.equal(await update(["--help"], help), 0);
  assert.match(help.out.join(""), /^Usage: system-manager update/);
});
