/**
 * Standalone home-manager keeps links of unchanged files in the older
 * generation they point into, as the system's activation does
 * (home-roots.ts, rooted-home.ts): after a one-file change only that
 * file's link is written; the generations links stay in are rooted in the
 * user's own store (STORE_ROOT/var/lib/system-manager/gcroots/homes/USER);
 * the home reads as one relinked in full; a rollback gives back the links
 * we started with. The files are executable texts, which have home-files
 * entries (other texts link straight to their text paths).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/home-manager-main.ts";
import { NO_GITHUB } from "../helpers/no-network.ts";

const N = 16;
const config = (changed: number) =>
  `import { defineHomeConfig } from "system-manager";\nexport default defineHomeConfig({ modules: [{ home: { stateVersion: "25.05", file: {\n${Array.from({ length: N }, (_, i) => `  "d/f${i}": { text: ${JSON.stringify(`file ${i}${i === changed ? " changed" : ""}\n`)}, executable: true },`).join("\n")}\n} } }] });\n`;

test("standalone: a one-file change relinks that file only; links of the others stay in the rooted older generation; rollback restores the links", async (t) => {
  const home = mkdtempSync(join(tmpdir(), "sm-hm-kept-"));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  mkdirSync(join(home, ".config/home-manager"), { recursive: true });
  const io = { err: "", stdout: () => {}, stderr: (t: string) => void (io.err += t), env: { HOME: home, USER: "bob", SYSTEM_MANAGER_PACKAGES: "off", ...NO_GITHUB }, cwd: home };
  const write = (changed: number) => writeFileSync(join(home, ".config/home-manager/home.config.ts"), config(changed));
  const links = () => Array.from({ length: N }, (_, i) => readlinkSync(join(home, `d/f${i}`)));
  const generationOf = (link: string) => /\/([0-9a-z]{32}-home-manager-generation)\//.exec(link)?.[1];
  const roots = () => readdirSync(join(home, ".local/state/system-manager/home/var/lib/system-manager/gcroots/homes/bob")).sort();

  write(-1);
  assert.equal(await main(["switch"], io), 0, io.err);
  const first = links();
  const a = generationOf(first[0] as string) as string;
  assert.deepEqual(roots(), [a]);

  write(3);
  assert.equal(await main(["switch"], io), 0, io.err);
  const second = links();
  const b = generationOf(second[3] as string) as string;
  assert.notEqual(a, b);
  assert.deepEqual(second.map((l, i) => (i === 3 ? generationOf(l) === b : l === first[i])), Array(N).fill(true), "only the changed file was relinked");
  for (let i = 0; i < N; i++) assert.equal(readFileSync(join(home, `d/f${i}`), "utf8"), `file ${i}${i === 3 ? " changed" : ""}\n`);
  assert.deepEqual(roots(), [a, b].sort(), "the generation links stay in is rooted beside the new one");

  assert.equal(await main(["rollback"], io), 0, io.err);
  assert.deepEqual(links(), first, "rollback gives back the links we started with");
  assert.deepEqual(roots(), [a], "no link stays in the newer generation");
});
