/**
 * The copy's temporary GC root, with the real receiving script run by
 * sh under a parent process named sshd (a link to sh called `sshd`),
 * standing for the target's sshd process of the shared connection: while
 * it lives, the store's gc keeps the closure, the paths copied and the
 * one the target had; once it is gone, the root file is stale and gc
 * removes it with the paths. A path the probe found but a gc removed
 * before the copy's session is a clear error.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectGarbage } from "../packages/gc.ts";
import { STORE_DIR } from "../store/store-path.ts";
import { TEMP_ROOTS } from "../store/temp-roots.ts";
import { RECEIVE_SCRIPT, tarCommand } from "./copy-paths.ts";
import { gcRootOf } from "./remote-gc-root.ts";
import type { RemoteSession } from "./remote-session.ts";

const made: string[] = [];
const tmp = (prefix: string) => (made.push(mkdtempSync(join(tmpdir(), prefix))), made.at(-1) as string);
after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

const HASH = "0123456789abcdfghijklmnpqrsvwxyz";
const [COPIED, HAD, OTHER] = ["copied", "had", "other"].map((n) => `${HASH}-${n}`) as [string, string, string];

function storeWith(root: string, names: readonly string[]): string {
  const store = join(root, STORE_DIR);
  for (const n of names) mkdirSync(join(store, n), { recursive: true }), writeFileSync(join(store, n, "file"), n);
  return store;
}

/** What the copy's session reads on stdin: the closure, the names to copy, the archive of them, and the trailer. */
function input(local: string, closure: readonly string[], copy: readonly string[]): Buffer {
  const list = copy.map((n) => `${n}\n`).join("");
  const [bin, ...args] = tarCommand(local) as [string, ...string[]];
  const tar = spawnSync(bin, args, { input: list });
  assert.equal(tar.status, 0, String(tar.stderr));
  return Buffer.concat([Buffer.from(`${closure.map((n) => `${n}\n`).join("")}\n${list}\n`), tar.stdout, Buffer.from("whole\n")]);
}

/** Runs the receiving script under a process named sshd, which stays until `end` is called. */
async function receive(target: string, stdin: Buffer) {
  const dir = tmp("sm-fake-sshd-");
  symlinkSync("/bin/sh", join(dir, "sshd"));
  writeFileSync(join(dir, "in"), stdin);
  const script = `sh -c "$1" sh "$2" "$3" < "$4" > "$5" 2> "$6"; echo "status $?"; read x`;
  const sshd = spawn(join(dir, "sshd"), ["-c", script, "sshd", RECEIVE_SCRIPT, join(target, STORE_DIR), join(target, TEMP_ROOTS), join(dir, "in"), join(dir, "out"), join(dir, "err")], { stdio: ["pipe", "pipe", "inherit"] });
  const status = await new Promise<number>((resolve) => sshd.stdout.setEncoding("utf8").on("data", (t: string) => resolve(Number(/status (\d+)/.exec(t)?.[1]))));
  const exited = new Promise((resolve) => sshd.once("exit", resolve));
  return { status, pid: sshd.pid as number, out: readFileSync(join(dir, "out"), "utf8"), err: readFileSync(join(dir, "err"), "utf8"), end: () => (sshd.stdin.end("\n"), exited) };
}

const session = (root: string) => ({ root }) as RemoteSession;

test("the copied closure is a GC root of the connection's sshd process until it is gone; then gc collects the stale root and the paths", async () => {
  const local = tmp("sm-gc-root-local-");
  storeWith(local, [COPIED]);
  const target = tmp("sm-gc-root-target-");
  const store = storeWith(target, [HAD, OTHER]);
  const r = await receive(target, input(local, [COPIED, HAD], [COPIED]));
  const file = gcRootOf(session(target), r.out);
  try {
    assert.equal(r.status, 0, r.err);
    assert.match(r.out, /^copied$/m);
    assert.equal(file, join(target, TEMP_ROOTS, `${r.pid}.${readFileSync(`/proc/${r.pid}/stat`, "latin1").split(") ")[1]?.split(" ")[19]}`), r.out);
    assert.deepEqual(readFileSync(file as string, "utf8"), `${COPIED}\n${HAD}\n`);
    const held = collectGarbage(target, { dryRun: false });
    assert.deepEqual(held.dead, [OTHER], "gc keeps the closure while the connection lives");
    assert.deepEqual(readdirSync(store), [COPIED, HAD]);
  } finally {
    await r.end();
  }
  const gone = collectGarbage(target, { dryRun: false });
  assert.deepEqual(gone.dead, [COPIED, HAD], "once the connection is gone, its root is stale");
  assert.equal(existsSync(file as string), false, "gc removed the stale root file");
});

test("a path the probe found but a gc removed before the copy's session is a clear error; the next copy removes a dead connection's root file", async () => {
  const local = tmp("sm-gc-root-local-");
  storeWith(local, [COPIED]);
  const target = tmp("sm-gc-root-target-");
  storeWith(target, []);
  mkdirSync(join(target, TEMP_ROOTS), { recursive: true });
  const stale = join(target, TEMP_ROOTS, "999999999.12345");
  writeFileSync(stale, `${OTHER}\n`);
  const r = await receive(target, input(local, [COPIED, HAD], [COPIED]));
  await r.end();
  assert.equal(r.status, 1);
  assert.match(r.err, new RegExp(`${HAD}, which was in .*/store when the deployment began, is gone \\(collected by a gc there meanwhile\\?\\): run the deployment again`));
  assert.equal(existsSync(stale), false, "a dead owner's root file is removed by the next copy");
});
