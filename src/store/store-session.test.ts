/**
 * Store sessions (store-session.ts): a build checks the store once, before
 * its first write; it still refuses a store others may write at that
 * point, writes exactly what writes outside a session write, and each new
 * session (each build) checks again.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { STORE_DIR } from "./store-path.ts";
import type { FileTree } from "./file-tree.ts";
import { textFileTree } from "./text-store-path.ts";
import { writeStorePath } from "./write-store-path.ts";
import { inStoreSession } from "./store-session.ts";

const trees: { name: string; tree: FileTree }[] = [
  ...Array.from({ length: 20 }, (_, i) => ({ name: `text-${i}`, tree: textFileTree(`file ${i}\n`, i % 3 === 0) })),
  {
    name: "farm",
    tree: new Map([
      ["a/b/c", { kind: "symlink" as const, target: "/x/y" }],
      ["a/b/d", { kind: "file" as const, content: Buffer.from("d\n"), executable: false }],
      ["a/e", { kind: "file" as const, content: Buffer.from("e\n"), executable: true }],
      ["f", { kind: "symlink" as const, target: "a/e" }],
    ]),
  },
];

function scratch(t: { after: (fn: () => void) => void }): string {
  const root = mkdtempSync(join(tmpdir(), "sm-store-session-"));
  t.after(() => {
    chmodSync(join(root, STORE_DIR), 0o755);
    rmSync(root, { recursive: true, force: true });
  });
  return root;
}

/** Every entry under a directory: kind, mode, content or link target. */
function listing(dir: string, rel = ""): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true })
    .filter((d) => !d.name.startsWith(".") && d.name !== "temproots")
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((d) => {
      const r = rel === "" ? d.name : `${rel}/${d.name}`;
      const p = join(dir, r);
      if (d.isSymbolicLink()) return [`${r} -> ${readlinkSync(p)}`];
      const mode = (lstatSync(p).mode & 0o777).toString(8);
      if (d.isDirectory()) return [`${r}/ ${mode}`, ...listing(dir, r)];
      return [`${r} ${mode} ${readFileSync(p, "utf8")}`];
    });
}

test("a session writes the same store paths and bytes as writes outside one", async (t) => {
  const plain = scratch(t);
  const session = scratch(t);
  const outside: string[] = [];
  for (const { name, tree } of trees) outside.push(await writeStorePath(plain, name, tree));
  const inside = await inStoreSession(async () => {
    const paths: string[] = [];
    for (const { name, tree } of trees) paths.push(await writeStorePath(session, name, tree));
    return paths;
  });
  assert.deepEqual(inside, outside);
  assert.deepEqual(listing(join(session, STORE_DIR)), listing(join(plain, STORE_DIR)));
});

test("a session refuses a store others may write at its first write, and each new session checks again", async (t) => {
  const root = scratch(t);
  await writeStorePath(root, "first", textFileTree("1\n"));
  chmodSync(join(root, STORE_DIR), 0o777);
  const untrusted = (e: unknown) => e instanceof UserError && /Cannot trust '\/var\/lib\/system-manager\/store'.*world-writable/.test(e.message);
  await assert.rejects(inStoreSession(() => writeStorePath(root, "second", textFileTree("2\n"))), untrusted);
  assert.deepEqual(readdirSync(join(root, STORE_DIR)).filter((n) => n.endsWith("-second")), [], "nothing was written");
  chmodSync(join(root, STORE_DIR), 0o755);
  await inStoreSession(() => writeStorePath(root, "second", textFileTree("2\n")));
  chmodSync(join(root, STORE_DIR), 0o777);
  await assert.rejects(inStoreSession(() => writeStorePath(root, "third", textFileTree("3\n"))), untrusted, "a later session (build) checks again");
  await assert.rejects(writeStorePath(root, "third", textFileTree("3\n")), untrusted, "outside a session every write checks");
});
