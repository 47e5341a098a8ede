/**
 * home-manager-<user>.service on a systemd host (src/build/
 * home-manager-units.ts, src/activate/home/home-unit.ts): the unit runs
 * the engine's `home-unit` as root, which activates the home as the
 * system's activation does without systemd: the generations its links may
 * stay in are rooted and offered, so a one-file change relinks one file,
 * not every file.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { homeOf } from "./home-config.ts";
import { writeStorePath } from "../../src/store/write-store-path.ts";
import { HOME_ROOTS } from "../../src/activate/home/home-roots.ts";
import { inProcessRunner } from "../../src/activate/home/run-home-activations.ts";
import { runHomeUnit } from "../../src/activate/home/home-unit.ts";
import { execArg, homeManagerUnits } from "../../src/build/home-manager-units.ts";
import { removeTree } from "../../src/packages/staged-path.ts";
import type { UserEntry } from "../../src/build/manifest.ts";

const ENGINE = "/var/lib/system-manager/store/00000000000000000000000000000000-system-manager-engine-test";
const files = (changed: number) => Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`d/f${i}`, { text: `file ${i}${i === changed ? " changed" : ""}\n`, executable: true }]));

test("the unit runs the engine's home-unit as root, naming the user, the home, the generation and the engine", () => {
  const generation = "/var/lib/system-manager/store/11111111111111111111111111111111-home-manager-generation";
  const user = { name: "alice", home: "/home/alice smith" } as UserEntry;
  const units = homeManagerUnits({ alice: { generation, backupFileExtension: null, verbose: false } }, [user], ENGINE) as Record<string, { serviceConfig: Record<string, string> }>;
  const service = units["home-manager-alice"]?.serviceConfig ?? {};
  assert.equal(service.ExecStart, `${ENGINE}/bin/system-manager-engine home-unit --user alice --home "/home/alice smith" --generation ${generation} --engine ${ENGINE}`);
  assert.equal(service.User, undefined, "root, which roots the generations; the activation runs as alice");
  assert.equal(execArg("50%$x\"y"), '"50%%$$x\\"y"');
});

test("home-unit roots and offers the generations the home's links stay in: a one-file change relinks that file only", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "sm-home-unit-"));
  t.after(() => removeTree(root));
  const gen = async (f: Record<string, unknown>) => {
    const { content } = homeOf({ home: { stateVersion: "25.05", file: f } });
    for (const e of content.extra) await writeStorePath(root, e.name, e.tree);
    return writeStorePath(root, "home-manager-generation", content.tree);
  };
  const [a, b] = [await gen(files(-1)), await gen(files(3))];
  mkdirSync(join(root, "etc"));
  writeFileSync(join(root, "etc/passwd"), "root:x:0:0::/root:/bin/sh\nalice:x:5000:5000::/home/alice:/bin/sh\n");
  mkdirSync(join(root, "home/alice"), { recursive: true });
  const runner = await inProcessRunner(root);
  const log: string[] = [];
  const unit = (generation: string) => runHomeUnit({ root, user: "alice", homeDirectory: "/home/alice", generation, engine: ENGINE, backupExtension: null, verbose: false }, (l) => log.push(l), () => runner);
  const roots = () => readdirSync(join(root, HOME_ROOTS, "alice")).sort();
  const link = (i: number) => readlinkSync(join(root, "home/alice/d", `f${i}`));

  assert.equal(await unit(a), 0);
  assert.deepEqual(roots(), [a.split("/").pop()]);
  assert.equal(await unit(b), 0);
  assert.equal(link(3), `${b}/home-files/d/f3`);
  for (const i of [0, 1, 19]) assert.equal(link(i), `${a}/home-files/d/f${i}`, `d/f${i} is left in the first generation`);
  assert.deepEqual(roots(), [a, b].map((g) => g.split("/").pop()).sort(), "both generations are rooted while links stay in the first");
  assert.ok(!log.some((l) => l.startsWith("Links of unchanged files")), "the report is read, not logged");
});
