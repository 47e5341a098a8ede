/**
 * The system-manager package (cli-package.ts): its wrappers and
 * package.json as generated (golden), its layout (the launcher, the
 * bundles it loads, the data the code reads; no sources, no tests), a
 * missing bundle named, and in a build: written only when the
 * configuration refers to it, on the engine's own runtime, at the same
 * path every time with nothing new written the second time, and in the
 * generation's closure (what gc keeps).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { assertGolden } from "../../test/helpers/golden.ts";
import { build } from "../../test/helpers/system.ts";
import { removeTree } from "../packages/staged-path.ts";
import { references } from "../packages/gc.ts";
import { STORE_DIR, type StorePath } from "../store/store-path.ts";
import type { Manifest } from "./manifest.ts";
import { cliEngineWrapper, cliPackageJson, cliPackageTree, cliWrapper, installationOf } from "./cli-package.ts";

const REPO = resolve(import.meta.dirname, "..", "..");
const GOLDEN = join(import.meta.dirname, "golden", "cli-package");
const RUNTIME = `${STORE_DIR}/0123456789abcdfghijklmnpqrsvwxyz-nodejs-20.20.2` as StorePath;

test("the wrappers and package.json (golden)", () => {
  assertGolden(join(GOLDEN, "system-manager"), cliWrapper(RUNTIME, "1.2.3"));
  assertGolden(join(GOLDEN, "system-manager-engine"), cliEngineWrapper(RUNTIME, "1.2.3"));
  assertGolden(join(GOLDEN, "package.json"), cliPackageJson("1.2.3"));
});

test("the package holds the wrappers, the launcher, the bundles it loads and the data the code reads, nothing else", () => {
  const tree = cliPackageTree(REPO, RUNTIME, "test");
  const keys = [...tree.keys()];
  const lib = keys.filter((k) => k.startsWith("lib/system-manager/")).map((k) => k.slice("lib/system-manager/".length));
  assert.deepEqual(keys.filter((k) => !k.startsWith("lib/")).sort(), ["bin/system-manager", "bin/system-manager-engine"]);
  for (const f of ["package.json", "bin/system-manager.js", "bin/code-cache.js", "bin/command-of.js", "bin/large-stack.js", "bin/large-stack-worker.js", "bin/build-ahead.js", "bin/closed-output.js", "bin/package.json", "dist/cli.cjs", "dist/activation-cli.cjs", "dist/cli-worker.cjs", "dist/eval-cli.cjs", "dist/engine.cjs"]) {
    assert.ok(lib.includes(f), `${f} is in the package`);
  }
  for (const f of ["src/packages/nixpkgs/pkgs.nix", "src/packages/nixpkgs/setup.sh", "src/packages/nixpkgs/render-docs/cli.mjs", "src/flake/nixos-utils.nix", "src/flake/nixpkgs-path/lib/services/lib.nix"]) {
    assert.ok(lib.includes(f), `${f} is in the package`);
  }
  assert.deepEqual(lib.filter((f) => /\.ts$|golden|\.map$|node_modules|home-manager\.js|dist\/index\.js/.test(f)), [], "no sources, golden files, source maps, dependencies or the public runtime");
  for (const [k, e] of tree) assert.equal(e.kind === "file" && e.executable, k.startsWith("bin/"), `${k}: only the wrappers are executable`);
  assert.equal(readFileSync(join(REPO, "dist/cli.cjs")).compare((tree.get("lib/system-manager/dist/cli.cjs") as { content: Buffer }).content), 0);
});

test("an installation without its bundles is named with what is missing", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "sm-cli-partial-"));
  t.after(() => removeTree(dir));
  mkdirSync(join(dir, "dist"));
  writeFileSync(join(dir, "dist/engine.cjs"), "");
  assert.equal(installationOf(join(dir, "dist/engine.cjs")), dir);
  assert.throws(() => cliPackageTree(dir, RUNTIME, "test"), (e: Error) => {
    assert.match(e.message, new RegExp(`^Cannot make the system-manager package from ${dir}: bin/system-manager\\.js, .*dist/cli\\.cjs, .* are missing \\(run \`npm run build\`\\)$`));
    return true;
  });
  assert.throws(() => installationOf("/opt/engine.cjs"), /the engine \/opt\/engine\.cjs is not in an installation's dist\//);
});

const upgrade = { nixpkgs: { hostPlatform: "x86_64-linux" }, system: { autoUpgrade: { enable: true, flake: "path:/srv/config" } } };
const cliEntries = (root: string) => readdirSync(join(root, STORE_DIR)).filter((n) => n.endsWith("-system-manager-test"));

test("a build writes the package only when the configuration refers to it, on the engine's runtime", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "sm-cli-build-"));
  t.after(() => removeTree(root));
  await build(root, [{ nixpkgs: { hostPlatform: "x86_64-linux" }, environment: { etc: { motd: { text: "hi\n" } } } }]);
  assert.deepEqual(cliEntries(root), [], "no reference, no package");
  const gen = await build(root, [upgrade]);
  const [cli] = cliEntries(root);
  assert.ok(cli !== undefined);
  const manifest = JSON.parse(readFileSync(join(root, gen, "manifest.json"), "utf8")) as Manifest;
  const engineWrapper = readFileSync(join(root, manifest.engine as string, "bin/system-manager-engine"), "utf8");
  const runtime = /exec "\$here\/\.\.\/\.\.\/([^/]+)\/bin\/node"/.exec(engineWrapper)?.[1];
  assert.ok(runtime !== undefined);
  const wrapper = readFileSync(join(root, STORE_DIR, cli, "bin/system-manager"), "utf8");
  assert.ok(wrapper.includes(`# ${STORE_DIR}/${runtime}, found`) && wrapper.includes(`"$here/../../${runtime}/bin/node"`), "the package runs on the engine's runtime");
  const unit = readFileSync(join(root, gen, "etc/systemd/system/system-manager-upgrade.service"), "utf8");
  const script = /ExecStart=(\S+)/.exec(unit)?.[1] as string;
  assert.match(readFileSync(join(root, gen, script), "utf8"), new RegExp(`${STORE_DIR}/${cli}/bin/system-manager switch --refresh --flake path:/srv/config`));
});

test("built twice, the package is the same path and nothing new is written; it and its runtime are in the generation's closure (what gc keeps)", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "sm-cli-twice-"));
  t.after(() => removeTree(root));
  const first = await build(root, [upgrade]);
  const stamps = () => readdirSync(join(root, STORE_DIR)).map((n) => `${n} ${lstatSync(join(root, STORE_DIR, n)).ino}`).sort();
  const before = stamps();
  assert.equal(await build(root, [upgrade]), first);
  assert.deepEqual(stamps(), before, "the second build wrote nothing new");
  // What gc keeps of a generation: the store paths its references reach (gc.ts), which hold the package and its runtime.
  const [cli] = cliEntries(root);
  const closure = new Set<string>();
  const stack = [first.slice(STORE_DIR.length + 1)];
  while (stack.length > 0) {
    const n = stack.pop() as string;
    if (!closure.has(n)) stack.push(...references(root, n));
    closure.add(n);
  }
  assert.ok(closure.has(cli as string), "the generation keeps the package");
  const runtime = /\$here\/\.\.\/\.\.\/([^/]+)\/bin\/node/.exec(readFileSync(join(root, STORE_DIR, cli as string, "bin/system-manager"), "utf8"))?.[1];
  assert.ok(runtime !== undefined && closure.has(runtime), "and the runtime it runs on");
});
