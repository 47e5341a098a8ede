/**
 * The transport for real, with ssh replaced by the local sh (the remote
 * command ssh would hand the target's shell runs here), from a store in
 * one temporary root to the store of another: the closure, the set
 * difference, the copy (modes, links, atomic placement, what a killed
 * copy leaves), and the exact command lines, sudo's included, with a
 * recording runner.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeStorePath } from "../store/write-store-path.ts";
import type { TreeEntry } from "../store/file-tree.ts";
import { STORE_DIR, storeEntryName } from "../store/store-path.ts";
import { processRunner, type Command, type Outcome, type Runner } from "./runner.ts";
import type { RemoteSession } from "./remote-session.ts";
import { parseTarget } from "./target.ts";
import { closureOf } from "./closure.ts";
import { missingPaths } from "./missing-paths.ts";
import { copyPaths } from "./copy-paths.ts";
import { pushClosure } from "./push-closure.ts";
import { runRemote } from "./run-remote.ts";

/** ssh, as the target's shell would run the remote command: here, with sh. */
const localSsh: Runner = (c) => processRunner({ ...c, argv: ["sh", "-c", c.argv[c.argv.length - 1] as string] });

const file = (text: string, executable = false) => ({ kind: "file" as const, content: Buffer.from(text), executable });

async function localStore(): Promise<{ root: string; top: string; lib: string; text: string }> {
  const root = mkdtempSync(join(tmpdir(), "sm-remote-src-"));
  const text = await writeStorePath(root, "motd", new Map([["", file("hello\n")]]));
  const lib = await writeStorePath(root, "lib", new Map([["bin/tool", file("#!/bin/sh\necho tool\n", true)], ["share/data", file("x".repeat(5000))]]));
  const top = await writeStorePath(root, "generation", new Map<string, TreeEntry>([["etc/motd", { kind: "symlink" as const, target: text }], ["lib", { kind: "symlink" as const, target: lib }], ["manifest.json", file("{}\n")]]));
  return { root, top, lib, text };
}

function session(root: string, runner: Runner = localSsh, sudo: RemoteSession["sudo"] = false): RemoteSession {
  return { target: parseTarget("root@target.example:2222", ["-i /k"]), root, runner, sudo };
}

test("the closure lists each store path after those it refers to", async () => {
  const src = await localStore();
  const order = closureOf(src.root, src.top);
  assert.equal(order[order.length - 1], storeEntryName(src.top as never));
  assert.deepEqual(new Set(order), new Set([src.top, src.lib, src.text].map((p) => storeEntryName(p as never))));
  rmSync(src.root, { recursive: true, force: true });
});

test("a push copies what the target lacks, keeping modes and links, and a second copies nothing", async () => {
  const src = await localStore();
  const dst = mkdtempSync(join(tmpdir(), "sm-remote-dst-"));
  const said: string[] = [];
  const first = await pushClosure(session(dst), src.root, src.top, (l) => said.push(l));
  assert.equal(first.paths, 3);
  assert.equal(first.present, 0);
  assert.ok(first.bytes > 5000 && first.bytes < 6000, String(first.bytes));
  assert.match(said[0] as string, /^root@target\.example:2222: copied 3 paths \(5\.[0-9] KiB\), 0 already there\n$/);
  const store = join(dst, STORE_DIR);
  assert.equal(readlinkSync(join(dst, src.top, "etc/motd")), src.text);
  assert.equal(readFileSync(join(dst, src.text), "utf8"), "hello\n");
  assert.equal(readlinkSync(join(dst, src.top, "lib")), src.lib);
  assert.equal(lstatSync(join(dst, src.lib, "bin/tool")).mode & 0o777, lstatSync(join(src.root, src.lib, "bin/tool")).mode & 0o777);
  assert.equal(lstatSync(join(dst, src.lib)).mode & 0o222, 0, "store directories stay read-only");
  assert.deepEqual(readdirSync(join(dst, "var/lib/system-manager")).filter((n) => n.startsWith(".copy-")), [], "no temporary directory is left");
  assert.equal(readdirSync(store).length, 3);
  said.length = 0;
  const again = await pushClosure(session(dst), src.root, src.top, (l) => said.push(l));
  assert.deepEqual([again.paths, again.present], [0, 3]);
  assert.match(said[0] as string, /copied 0 paths \(0 B\), 3 already there/);
  rmSync(src.root, { recursive: true, force: true });
  rmSync(dst, { recursive: true, force: true });
});

test("what a killed copy left is removed by the next copy, and a failed local tar puts nothing in place", async () => {
  const src = await localStore();
  const dst = mkdtempSync(join(tmpdir(), "sm-remote-dst-"));
  const dead = join(dst, "var/lib/system-manager/.copy-999999999");
  mkdirSync(join(dead, "x", "half-written"), { recursive: true });
  const names = closureOf(src.root, src.top);
  // A tar that sends a whole archive, then fails (as on a file it could not read).
  const failingTar: Runner = (c) => localSsh({ ...c, ...(c.from === undefined ? {} : { from: { ...c.from, argv: ["sh", "-c", '"$@"; exit 2', "sh", ...c.from.argv] } }) });
  await assert.rejects(copyPaths(session(dst, failingTar), "none", src.root, names), /local tar failed \(exit status 2\)/);
  assert.equal(existsSync(dead), false);
  assert.deepEqual(readdirSync(join(dst, STORE_DIR)), []);
  assert.deepEqual(readdirSync(join(dst, "var/lib/system-manager")), ["store"]);
  rmSync(src.root, { recursive: true, force: true });
  rmSync(dst, { recursive: true, force: true });
});

test("the set difference: only the names the target's store lacks, in the order given", async () => {
  const src = await localStore();
  const dst = mkdtempSync(join(tmpdir(), "sm-remote-dst-"));
  const names = closureOf(src.root, src.top);
  await copyPaths(session(dst), "none", src.root, names.slice(0, 1));
  const probed = await missingPaths(session(dst), names);
  assert.deepEqual(probed, { missing: names.slice(1), privilege: "none" });
  rmSync(src.root, { recursive: true, force: true });
  rmSync(dst, { recursive: true, force: true });
});

/** A runner that records each command and answers as `answer` says. */
function recorder(answer: (c: Command) => Partial<Outcome>): { runner: Runner; seen: Command[] } {
  const seen: Command[] = [];
  return { seen, runner: async (c) => (seen.push(c), { code: 0, stdout: "", stderr: "", ...answer(c) }) };
}

test("the command lines: ssh's options, port and user, the quoted remote command, and sudo fed its password first", async () => {
  const { runner, seen } = recorder((c) => ({ stdout: c.argv.at(-1)?.includes("missing") ? "privilege password\nmissing b\nend\n" : "done\n" }));
  const s = session("/", runner, { password: "pa'ss" });
  const probed = await missingPaths(s, ["a", "b"]);
  assert.deepEqual(probed, { missing: ["b"], privilege: "password" });
  const probe = seen[0] as Command;
  assert.deepEqual(probe.argv.slice(0, 8), ["ssh", "-i", "/k", "-p", "2222", "-l", "root", "--"]);
  assert.equal(probe.argv[8], "target.example");
  assert.match(probe.argv[9] as string, /^sh -c '.*' sh \/var\/lib\/system-manager\/store sudo 1$/s);
  assert.equal(probe.input, "pa'ss\na\nb\n");
  const code = await runRemote(s, "password", ["/var/lib/system-manager/store/e-engine/bin/system-manager-engine", "activate", "--root", "/"], { stdout: () => {}, stderr: () => {} });
  assert.equal(code, 0);
  const run = seen[1] as Command;
  assert.equal(run.argv.at(-1), "sudo -S -k -p '' -- /var/lib/system-manager/store/e-engine/bin/system-manager-engine activate --root /");
  assert.equal(run.input, "pa'ss\n");
  await runRemote(session("/", runner), "no-password", ["x", "it's"], { stdout: () => {}, stderr: () => {} });
  assert.equal(seen[2]?.argv.at(-1), "sudo -n -- x 'it'\\''s'");
  assert.equal(seen[2]?.input, "");
});

test("ssh failing, and a target without tar or a usable sudo, are user errors naming the host; nothing is copied", async () => {
  const unreachable = recorder(() => ({ code: 255, stderr: "ssh: connect to host target.example port 2222: Connection refused\n" }));
  await assert.rejects(missingPaths(session("/", unreachable.runner), ["a"]), (e: Error) => e.name === "UserError" && /Cannot reach root@target\.example:2222 over ssh .*Connection refused/s.test(e.message) && /Nothing was changed/.test(e.message));
  const bare = recorder(() => ({ stdout: "no-tar\nsudo-needs-password\nend\n" }));
  await assert.rejects(missingPaths(session("/", bare.runner, {}), ["a"]), (e: Error) => /has no tar/.test(e.message) && /add --ask-sudo-password/.test(e.message));
  assert.equal(bare.seen.length, 1);
  const user = recorder(() => ({ stdout: "missing a\nnot-writable deploy\nend\n" }));
  await assert.rejects(missingPaths(session("/", user.runner), ["a"]), /deploy cannot write \/var\/lib\/system-manager\/store there: add --sudo, or log in as root/);
});
