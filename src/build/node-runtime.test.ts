import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeRuntimeLayout, nodeRuntimeTree, runtimeSources, sharedLibraries } from "./node-runtime.ts";
import { writeSourcedStorePath } from "../store/write-sourced-path.ts";
import { storeDigest } from "../../test/packages/helpers/store-digest.ts";
import { removeTree } from "../packages/staged-path.ts";
import { writeStorePath } from "../store/write-store-path.ts";
import { writeNodeRuntime } from "./engine-store-paths.ts";
import { inStoreSession } from "../store/store-session.ts";
import { forgetReferences, knownReferences } from "../store/known-references.ts";
import { references } from "../packages/gc.ts";

test("the runtime copies node and the libraries it loads, never glibc's", () => {
  const libs = sharedLibraries(process.execPath).map((l) => l.soname);
  for (const l of libs) assert.doesNotMatch(l, /^(libc|libm|libdl|libpthread|librt)\.so|^ld-linux/);
  const { name, tree } = nodeRuntimeTree(runtimeSources(process.execPath));
  assert.equal(name, `nodejs-${process.version.slice(1)}`);
  const bin = tree.get("bin/node");
  assert.equal(bin?.kind, "file");
  if (libs.length === 0) {
    assert.deepEqual([...tree.keys()], ["bin/node"]);
    return;
  }
  assert.deepEqual([...tree.keys()].sort(), ["bin/node", ...libs.map((l) => `lib/${l}`), "libexec/node"].sort());
  assert.ok(bin.kind === "file" && bin.executable);
  assert.match(bin.content.toString(), /^#!\/bin\/sh\n[^]*exec \/\S*ld\S* --library-path "\$here\/\.\.\/lib" "\$here\/\.\.\/libexec\/node" "\$@"\n$/);
});

test("the runtime in a store runs by itself, with the libraries it was copied with", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "sm-runtime-"));
  t.after(() => removeTree(root));
  const { name, tree } = nodeRuntimeTree(runtimeSources(process.execPath));
  const path = await writeStorePath(root, name, tree);
  const r = spawnSync(join(root, path, "bin/node"), ["-e", "process.stdout.write(process.version + ' ' + require('node:os').platform())"], { encoding: "utf8", env: { PATH: "/nonexistent" } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `${process.version} linux`);
  const maps = spawnSync(join(root, path, "bin/node"), ["-e", "process.stdout.write(require('node:fs').readFileSync('/proc/self/maps', 'utf8'))"], { encoding: "utf8" });
  for (const l of sharedLibraries(process.execPath)) assert.ok(maps.stdout.includes(join(root, path, "lib", l.soname)), `${l.soname} is loaded from the runtime`);
});

test("an unchanged node is not read again while its runtime is in the store (the cache)", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "sm-runtime-"));
  const cacheDir = mkdtempSync(join(tmpdir(), "sm-runtime-cache-"));
  const node = join(mkdtempSync(join(tmpdir(), "sm-node-")), "node");
  t.after(() => [root, cacheDir, join(node, "..")].forEach(removeTree));
  writeFileSync(node, `#!/bin/sh\nexec '${process.execPath}' "$@"\n`);
  chmodSync(node, 0o755);
  const source = { node, script: "/unused", version: "test", cacheDir };
  const first = await writeNodeRuntime(root, source);
  assert.equal(await writeNodeRuntime(root, source), first);
  // The cache is what answers: a planted entry for the same identity is believed while its path exists.
  const cacheFile = join(cacheDir, "node-runtimes.json");
  const planted = readFileSync(cacheFile, "utf8").replace(`"path":"${first}"`, '"path":"/var/lib/system-manager/store/planted"');
  writeFileSync(cacheFile, planted);
  mkdirSync(join(root, "var/lib/system-manager/store/planted/bin"), { recursive: true });
  writeFileSync(join(root, "var/lib/system-manager/store/planted/bin/node"), readFileSync(join(root, first, "bin/node")), { mode: 0o555 });
  assert.equal(await writeNodeRuntime(root, source), "/var/lib/system-manager/store/planted");
  // A runtime damaged in the store is trusted, as any store path there; a build that repairs writes it again.
  writeFileSync(cacheFile, readFileSync(cacheFile, "utf8").replace('"path":"/var/lib/system-manager/store/planted"', `"path":"${first}"`));
  chmodSync(join(root, first, "bin"), 0o755);
  rmSync(join(root, first, "bin/node"));
  chmodSync(join(root, first, "bin"), 0o555);
  assert.equal(await writeNodeRuntime(root, source), first);
  assert.ok(!existsSync(join(root, first, "bin/node")), "present: trusted");
  assert.equal(await inStoreSession(() => writeNodeRuntime(root, source), { repair: true }), first);
  assert.ok(existsSync(join(root, first, "bin/node")), "the damaged runtime was repaired");
  writeFileSync(node, `#!/bin/sh\n# changed\nexec '${process.execPath}' "$@"\n`);
  const changed = await writeNodeRuntime(root, source);
  assert.notEqual(changed, first, "a changed node gives another runtime");
  assert.equal(readFileSync(join(root, changed, "bin/node"), "utf8").includes("# changed"), true);
});

test("the runtime copied from the host's files is the store path, with the bytes, of the runtime read into memory", async (t) => {
  const copied = mkdtempSync(join(tmpdir(), "sm-runtime-"));
  const read = mkdtempSync(join(tmpdir(), "sm-runtime-"));
  t.after(() => [copied, read].forEach(removeTree));
  const sources = runtimeSources(process.execPath);
  const layout = nodeRuntimeLayout(sources);
  const { name, tree } = nodeRuntimeTree(sources);
  assert.equal(await writeSourcedStorePath(copied, layout.name, layout.tree), await writeStorePath(read, name, tree));
  assert.deepEqual(storeDigest(copied), storeDigest(read));
});

/** `count` scratch roots sharing one runtime cache, and a node (a script running this one) to copy into them. */
function runtimeRoots(t: TestContext, count: number) {
  const roots = Array.from({ length: count }, () => mkdtempSync(join(tmpdir(), "sm-runtime-")));
  const cacheDir = mkdtempSync(join(tmpdir(), "sm-runtime-cache-"));
  const nodeDir = mkdtempSync(join(tmpdir(), "sm-node-"));
  t.after(() => [...roots, cacheDir, nodeDir].forEach(removeTree));
  const node = join(nodeDir, "node");
  writeFileSync(node, `#!/bin/sh\nexec '${process.execPath}' "$@"\n`);
  chmodSync(node, 0o755);
  return { roots, node, source: { node, script: "/unused", version: "test", cacheDir } };
}

test("a runtime missing from a new root's store is hard-linked from its copy under another root, unless that copy is damaged", async (t) => {
  const { roots, node, source } = runtimeRoots(t, 3);
  const [a, b, c] = roots as [string, string, string];
  const first = await writeNodeRuntime(a, source);
  assert.equal(await writeNodeRuntime(b, source), first);
  assert.equal(statSync(join(b, first, "bin/node")).ino, statSync(join(a, first, "bin/node")).ino, "linked, not copied");
  assert.deepEqual(storeDigest(b), storeDigest(a));
  // Both copies damaged (the same file): a third root gets a whole runtime of its own.
  chmodSync(join(a, first, "bin/node"), 0o755);
  assert.equal(await writeNodeRuntime(c, source), first);
  assert.notEqual(statSync(join(c, first, "bin/node")).ino, statSync(join(a, first, "bin/node")).ino);
  assert.equal(statSync(join(c, first, "bin/node")).mode & 0o777, 0o555);
  assert.equal(readFileSync(join(c, first, "bin/node"), "utf8"), readFileSync(node, "utf8"));
});

test("a copy under another root whose state directory became a file serves no more, and the new root gets a runtime of its own", async (t) => {
  const { roots, node, source } = runtimeRoots(t, 2);
  const [a, b] = roots as [string, string];
  const first = await writeNodeRuntime(a, source);
  // The copy's path now goes through a file (ENOTDIR, not ENOENT, when looked at).
  removeTree(join(a, "var/lib/system-manager"));
  writeFileSync(join(a, "var/lib/system-manager"), "");
  assert.equal(await writeNodeRuntime(b, source), first);
  assert.equal(readFileSync(join(b, first, "bin/node"), "utf8"), readFileSync(node, "utf8"));
});

test("a reused runtime's references come from the cache, read once when it was written (or when an older entry lacked them)", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "sm-runtime-"));
  const cacheDir = mkdtempSync(join(tmpdir(), "sm-runtime-cache-"));
  const nodeDir = mkdtempSync(join(tmpdir(), "sm-node-"));
  t.after(() => [root, cacheDir, nodeDir].forEach(removeTree));
  const node = join(nodeDir, "node");
  const dep = `${"a".repeat(32)}-dep`;
  writeFileSync(node, `#!/bin/sh\n# needs /var/lib/system-manager/store/${dep}\nexec '${process.execPath}' "$@"\n`);
  chmodSync(node, 0o755);
  const source = { node, script: "/unused", version: "test", cacheDir };
  const path = await writeNodeRuntime(root, source);
  const host = join(root, path);
  forgetReferences(host);
  const cacheFile = join(cacheDir, "node-runtimes.json");
  const entry = () => Object.values(JSON.parse(readFileSync(cacheFile, "utf8")).runtimes)[0] as { references?: string[] };
  assert.deepEqual(entry().references, references(root, path.slice(path.lastIndexOf("/") + 1)), "recorded as gc reads the runtime");
  assert.deepEqual(entry().references, [dep]);
  // The cache is what answers: a planted list is what the build then knows, without reading the runtime.
  writeFileSync(cacheFile, readFileSync(cacheFile, "utf8").replace(`"references":["${dep}"]`, '"references":["planted"]'));
  assert.equal(await writeNodeRuntime(root, source), path);
  assert.deepEqual(knownReferences(host), ["planted"]);
  // An entry from before references were recorded gets them.
  forgetReferences(host);
  writeFileSync(cacheFile, readFileSync(cacheFile, "utf8").replace(',"references":["planted"]', ""));
  assert.equal(entry().references, undefined);
  assert.equal(await writeNodeRuntime(root, source), path);
  assert.deepEqual(entry().references, [dep]);
});
