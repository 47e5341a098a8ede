/**
 * Activating the same home generation again: each target is looked at
 * once (activate-home.ts reuses what it saw of a link for the plan), so
 * this checks that the plan is still made from what is there: a second
 * activation plans nothing, and what the user changed in between (a link
 * replaced by a file, a link pointed elsewhere, a link removed) is found
 * and handled as on a first activation.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { homeOf, linkTarget } from "./home-config.ts";
import { writeStorePath } from "../../src/store/write-store-path.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { activateHome } from "../../src/activate/home/activate-home.ts";
import { UserError } from "../../src/diagnostics/user-error.ts";

const files = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`d${i % 3}/f${i}`, { text: `file ${i}\n` }]));

async function setup(t: { after: (fn: () => void) => void }) {
  const root = mkdtempSync(join(tmpdir(), "sm-home-again-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const home = join(root, "home/alice");
  mkdirSync(home, { recursive: true });
  const { content } = homeOf({ home: { stateVersion: "25.05", file: files } });
  for (const e of content.extra) await writeStorePath(root, e.name, e.tree);
  const g = await writeStorePath(root, "home-manager-generation", content.tree);
  const log: string[] = [];
  const activate = (backupExtension: string | null = null) =>
    activateHome({ storeDir: join(root, STORE_DIR), homeDir: home, generation: g, backupExtension, uid: undefined, env: { PATH: process.env.PATH }, log: (l) => log.push(l) });
  return { home, g, activate, log, content };
}

test("activating the same generation twice plans nothing the second time", async (t) => {
  const { activate } = await setup(t);
  assert.equal(activate().steps.length, 30);
  assert.deepEqual(activate().steps, []);
});

test("what the user changed between two activations is found: a file in a link's place, a link pointed elsewhere, a removed link", async (t) => {
  const { home, g, activate, log, content } = await setup(t);
  activate();
  unlinkSync(join(home, "d0/f0"));
  writeFileSync(join(home, "d0/f0"), "mine\n");
  unlinkSync(join(home, "d1/f1"));
  symlinkSync("/elsewhere", join(home, "d1/f1"));
  unlinkSync(join(home, "d2/f2"));
  assert.throws(() => activate(), (e: unknown) => e instanceof UserError && e.message.includes("Existing file '/home/alice/d0/f0' would be clobbered") && e.message.includes("Existing file '/home/alice/d1/f1' would be clobbered"));
  assert.equal(readFileSync(join(home, "d0/f0"), "utf8"), "mine\n", "nothing changed");
  // A link that is not ours is never backed up, as home-manager's checkLinkTargets.
  assert.throws(() => activate("bak"), (e: unknown) => e instanceof UserError && !e.message.includes("d0/f0") && e.message.includes("Existing file '/home/alice/d1/f1' would be clobbered"));
  unlinkSync(join(home, "d1/f1"));
  const plan = activate("bak");
  assert.deepEqual(
    plan.steps.map((s) => `${s.op} ${s.target}`).sort(),
    ["backup d0/f0", "link d0/f0", "link d1/f1", "link d2/f2"],
  );
  assert.equal(readFileSync(join(home, "d0/f0.bak"), "utf8"), "mine\n");
  for (const f of ["d0/f0", "d1/f1", "d2/f2"]) assert.equal(readlinkSync(join(home, f)), linkTarget(content, g, f));
  assert.ok(lstatSync(join(home, "d2/f2")).isSymbolicLink());
  assert.ok(log.some((l) => l.includes("will be moved to '/home/alice/d0/f0.bak'")));
  assert.deepEqual(activate().steps, []);
});
