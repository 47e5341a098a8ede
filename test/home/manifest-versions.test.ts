/**
 * Home generations of both home.json versions, activated one after the
 * other by this engine: version 1 (every file in home-files, as engines
 * before version 2 built them) and version 2 (a text file that is not
 * executable linked straight to its text path). Going either way plans
 * from both manifests: old links are ours and replaced, nothing collides,
 * and switch then rollback gives the tree we started with.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { homeOf } from "./home-config.ts";
import type { HomeContent } from "../../src/build/home-generation.ts";
import { homeFilesView } from "../helpers/home-files-view.ts";
import type { TreeEntry } from "../../src/store/file-tree.ts";
import { writeStorePath } from "../../src/store/write-store-path.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { activateHome } from "../../src/activate/home/activate-home.ts";

const files = (changed: number) => ({
  ...Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`d${i % 3}/f${i}`, { text: `file ${i}${i === changed ? " changed" : ""}\n` }])),
  "bin/run": { text: "#!/bin/sh\necho run\n", executable: true },
});

/** `content` as an engine before home.json version 2 built it: every file in home-files, and version 1. */
function asVersion1(content: HomeContent): Map<string, TreeEntry> {
  const tree = new Map(content.tree);
  for (const [target, e] of homeFilesView(content)) tree.set(`home-files/${target}`, e);
  const manifest = { ...content.manifest, version: 1, files: content.manifest.files.map(({ link: _, ...f }) => f) };
  tree.set("home.json", { kind: "file", content: Buffer.from(JSON.stringify(manifest) + "\n"), executable: false });
  return tree;
}

async function setup(t: { after: (fn: () => void) => void }) {
  const root = mkdtempSync(join(tmpdir(), "sm-home-versions-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const gen = async (changed: number, version: 1 | 2) => {
    const { content } = homeOf({ home: { stateVersion: "25.05", file: files(changed) } });
    for (const e of content.extra) await writeStorePath(root, e.name, e.tree);
    return writeStorePath(root, "home-manager-generation", version === 1 ? asVersion1(content) : content.tree);
  };
  const home = join(root, "home/alice");
  mkdirSync(home, { recursive: true });
  const activate = (generation: string, opts: { keepFrom?: string[]; generationNumber?: number } = {}) =>
    activateHome({ storeDir: join(root, STORE_DIR), homeDir: home, generation, backupExtension: null, uid: undefined, env: { PATH: process.env.PATH }, log: () => undefined, ...opts });
  /** Each managed link, and the text it leads to. */
  const tree = () => {
    const out: Record<string, string> = {};
    for (const d of ["d0", "d1", "d2", "bin"]) for (const n of readdirSync(join(home, d)).sort()) out[`${d}/${n}`] = `${readlinkSync(join(home, d, n))} ${readFileSync(join(root, readlinkSync(join(home, d, n))), "utf8")}`;
    return out;
  };
  return { root, gen, activate, tree };
}

test("version 1 to version 2 and back: every link replaced, nothing in the way, rollback gives the tree back", async (t) => {
  const { gen, activate, tree } = await setup(t);
  const [v1, v2] = [await gen(-1, 1), await gen(4, 2)];
  activate(v1);
  const started = tree();
  assert.ok(Object.values(started).every((l) => l.startsWith(`${v1}/home-files/`)));
  const plan = activate(v2);
  assert.deepEqual(plan.collisions, []);
  assert.equal(plan.steps.filter((s) => s.op === "link").length, 10, "relinked in full without an older generation to keep links in");
  const now = tree();
  assert.match(now["d1/f4"] ?? "", new RegExp(`^${STORE_DIR}/[0-9a-z]{32}-hm_d1-f4 file 4 changed\n$`));
  assert.equal(now["bin/run"], `${v2}/home-files/bin/run #!/bin/sh\necho run\n`);
  assert.deepEqual(activate(v2).steps, [], "switch twice: an empty plan");
  activate(v1, { generationNumber: 1 });
  assert.deepEqual(tree(), started, "rollback to the version 1 generation: the tree we started with");
});

test("version 1 to version 2 offered the older generation: the links of unchanged texts stay in it", async (t) => {
  const { gen, activate, tree } = await setup(t);
  const [v1, v2] = [await gen(-1, 1), await gen(4, 2)];
  activate(v1);
  const plan = activate(v2, { keepFrom: [v1] });
  assert.deepEqual([...plan.keptIn], [v1]);
  assert.deepEqual(plan.steps.map((s) => `${s.op} ${s.target}`), ["link d1/f4"]);
  assert.equal(tree()["d0/f0"], `${v1}/home-files/d0/f0 file 0\n`);
});
