/**
 * --root is contained: nothing outside the root is read or written through
 * a link under it (a linked /etc/shadow, a linked store directory or
 * parent), and an empty --root is refused instead of meaning the working
 * directory.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeTree, snapshot, isRoot } from "../helpers/tree.ts";
import { seedSystem, switchTo } from "../helpers/system.ts";
import { RootFs } from "../../src/activate/root-fs.ts";
import { writeStorePath } from "../../src/store/write-store-path.ts";
import { textFileTree } from "../../src/store/text-store-path.ts";
import { UserError } from "../../src/diagnostics/user-error.ts";
import { main } from "../../src/cli/main.ts";
import { nodeStandIn } from "../helpers/engine.ts";

const outside = (content: string): string => {
  const p = join(mkdtempSync(join(tmpdir(), "sm-outside-")), "secret");
  writeFileSync(p, content, { mode: 0o600 });
  return p;
};

test("RootFs reads refuse a link at the last component (readFileIfExists may count it as absent) and anything but a regular file", () => {
  const secret = outside("host secret\n");
  const root = makeTree({ "etc/shadow": { link: secret }, "etc/os-release": { link: "../usr/lib/os-release" }, "usr/lib/os-release": "ID=debian\n" });
  execFileSync("mkfifo", [join(root, "etc/fifo")]);
  const fs = new RootFs(root);
  assert.throws(() => fs.readFile("/etc/shadow"), (e: unknown) => e instanceof UserError && /Cannot read '\/etc\/shadow' under .*: it is a symlink/.test(e.message));
  assert.throws(() => fs.readFileIfExists("/etc/shadow"), /it is a symlink/);
  assert.equal(fs.readFileIfExists("/etc/os-release", { symlinkAsAbsent: true }), undefined);
  assert.equal(fs.readFileIfExists("/usr/lib/os-release")?.toString(), "ID=debian\n");
  assert.throws(() => fs.readFile("/etc/fifo"), /Cannot read '\/etc\/fifo' under .*: it is not a regular file/);
  assert.equal(fs.readFileIfExists("/etc/none"), undefined);
  symlinkSync(tmpdir(), join(root, "etc/listed"));
  assert.throws(() => fs.readdir("/etc/listed"), /Cannot list '\/etc\/listed' under .*: it is a symlink/);
  assert.deepEqual(fs.readdir("/none"), []);
});

test("a switch with /etc/shadow linked to a file outside the root refuses and copies nothing of it", { skip: isRoot ? false : "needs root (switch chowns)" }, async () => {
  const secret = outside("root:$6$host-hash:19000:0:99999:7:::\n");
  const root = makeTree({ "etc/passwd": "root:x:0:0:root:/root:/bin/bash\n", "etc/group": "root:x:0:\n", "etc/shadow": { link: secret } });
  const before = snapshot(root);
  await assert.rejects(switchTo(root, [seedSystem]), /Cannot read '\/etc\/shadow' under .*: it is a symlink/);
  const after = snapshot(root, ["/var"]);
  assert.deepEqual(after, Object.fromEntries(Object.entries(before).filter(([k]) => !k.startsWith("/var"))));
  assert.equal(existsSync(join(root, "etc/shadow-")), false);
  assert.equal(readFileSync(secret, "utf8"), "root:$6$host-hash:19000:0:99999:7:::\n");
});

test("a symlinked store directory, or a symlinked parent of it, is refused and nothing is written outside the root", async () => {
  for (const link of ["var/lib/system-manager/store", "var/lib"]) {
    const elsewhere = mkdtempSync(join(tmpdir(), "sm-elsewhere-"));
    const root = mkdtempSync(join(tmpdir(), "sm-root-"));
    mkdirSync(join(root, link, ".."), { recursive: true });
    symlinkSync(elsewhere, join(root, link));
    await assert.rejects(writeStorePath(root, "hello.txt", textFileTree("hi\n")), (e: unknown) => e instanceof UserError && e.message.includes(`'/${link}'`) && /is a symlink/.test(e.message));
    assert.deepEqual(readdirSync(elsewhere), [], link);
  }
});

test("an empty --root is refused by every command that takes one, and nothing is made in the working directory", async () => {
  const cwd = mkdtempSync(join(tmpdir(), "sm-cwd-"));
  const config = join(import.meta.dirname, "../../examples/home-manager/system.config.ts");
  const commands = [["switch", "--config", config], ["build", "--config", config], ["generations"], ["rollback"], ["deactivate"], ["gc"]];
  for (const args of commands) {
    const r = { out: "", err: "", stdout: (t: string) => void (r.out += t), stderr: (t: string) => void (r.err += t), env: { XDG_CACHE_HOME: join(cwd, "..", "cache"), SYSTEM_MANAGER_PACKAGES: "off", SYSTEM_MANAGER_NODE: nodeStandIn() }, cwd };
    assert.equal(await main([...args, "--root", ""], r), 1, `${args[0]}: ${r.err}`);
    assert.match(r.err, /Cannot use an empty --root/, args[0]);
  }
  assert.deepEqual(readdirSync(cwd), []);
});

test("a --root that is no directory is refused saying what is there: nothing, a file, a path through a file, a loop of links", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-root-kinds-"));
  writeFileSync(join(dir, "file"), "");
  symlinkSync(join(dir, "b"), join(dir, "a"));
  symlinkSync(join(dir, "a"), join(dir, "b"));
  const cases: [string, RegExp][] = [
    ["missing", /as the root: it does not exist \(create it first/],
    ["file", /as the root: it is not a directory$/m],
    ["file/below", /as the root: a component of it is not a directory$/m],
    ["a", /as the root: it is a loop of symbolic links$/m],
  ];
  for (const [name, message] of cases) {
    const r = { out: "", err: "", stdout: (t: string) => void (r.out += t), stderr: (t: string) => void (r.err += t), env: { XDG_CACHE_HOME: join(dir, "cache"), SYSTEM_MANAGER_PACKAGES: "off" }, cwd: dir };
    assert.equal(await main(["generations", "--root", name], r), 1, `${name}: ${r.err}`);
    assert.match(r.err, new RegExp(`Cannot use '${name}' as the root: `), name);
    assert.match(r.err, message, name);
  }
  assert.deepEqual(readdirSync(dir).sort(), ["a", "b", "file"]);
});
