import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakePath } from "../../test/packages/helpers/fake-store.ts";
import { collectGarbage, TREE_HASHES } from "./gc.ts";
import { entryTreeHash, packageHashesFile } from "./package-hashes.ts";
import { readTree } from "../store/read-tree.ts";

const entry = (p: string) => p.split("/").pop() as string;
const recorded = (f: ReturnType<typeof packageHashesFile>) => JSON.parse(f.kind === "file" ? f.content.toString() : "{}") as Record<string, string>;

test("a package's tree hash is computed once and kept beside the store; gc drops it with the package", () => {
  const root = mkdtempSync(join(tmpdir(), "sm-hashes-"));
  const pkg = fakePath(root, "tool-1.0", { "bin/tool": "#!/bin/sh\n" });
  const packages = { system: [{ attr: "tool", outPath: pkg }], users: {} };
  const real = entryTreeHash(entry(pkg), readTree(join(root, pkg), "package"));
  assert.deepEqual(recorded(packageHashesFile(root, packages)), { [entry(pkg)]: real });
  const cached = join(root, "var/lib/system-manager/store", TREE_HASHES, entry(pkg));
  assert.equal(readFileSync(cached, "utf8"), real);
  // The cache is what a rebuild reads: a planted value is recorded as it is (root's import would then refuse the package).
  const planted = "0".repeat(32);
  chmodSync(cached, 0o644);
  writeFileSync(cached, planted);
  assert.deepEqual(recorded(packageHashesFile(root, packages)), { [entry(pkg)]: planted });
  mkdirSync(join(root, "var/lib/system-manager/profiles"), { recursive: true });
  const { dead } = collectGarbage(root, { dryRun: false });
  assert.deepEqual(dead, [entry(pkg)]);
  assert.equal(existsSync(cached), false);
});

test("of the paths a generation's files name, only packages are recorded: a text the build wrote earlier must not change the next generation", async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-hashes-"));
  const gpg = fakePath(root, "gnupg-2.2", { "bin/gpg": "elf", ".system-manager/info.json": JSON.stringify({ references: [] }) });
  const text = fakePath(root, "hm_config-hello", { "hello.txt": "hello\n" });
  const none = { system: [], users: {} };
  assert.deepEqual(Object.keys(recorded(packageHashesFile(root, none, [gpg, text]))), [entry(gpg)]);
});
