/**
 * gc and builds in flight (issue #11): a store path a live process wrote
 * or reused is a temporary root of that process (src/store/temp-roots.ts),
 * so gc keeps it though no generation names it yet; once the process is
 * gone gc collects it and removes its root file; and a build running
 * beside gc, process against process (store writes, then the real
 * `system-manager switch`), never links a generation to a path gc removed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { once } from "node:events";
import { collectGarbage, references } from "../../src/packages/gc.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { isRoot } from "../helpers/tree.ts";
import { TEMP_ROOTS } from "../../src/store/temp-roots.ts";
import { PROFILES_DIR } from "../../src/activate/generations.ts";

const CHILD = join(import.meta.dirname, "temp-roots-child.ts");
const REPO = join(import.meta.dirname, "..", "..");
const CLI = join(REPO, "bin/system-manager.js");
const EXAMPLE = join(REPO, "examples/home-manager/system.config.ts");
const child = (...args: string[]) => spawn(process.execPath, ["--import", "tsx", CHILD, ...args], { stdio: ["ignore", "pipe", "inherit"] });

async function firstLine(c: ChildProcess): Promise<string> {
  let out = "";
  for await (const chunk of c.stdout as NodeJS.ReadableStream) {
    out += String(chunk);
    if (out.includes("\n")) return out.slice(0, out.indexOf("\n"));
  }
  throw new Error("the child ended without a line");
}

test("a path a live build wrote survives gc; once the build is gone gc collects it and its root file", async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-temproots-"));
  const build = child("hold", root, "in flight\n");
  try {
    const path = await firstLine(build);
    const kept = collectGarbage(root, { dryRun: false });
    assert.ok(kept.roots.includes(basename(path)), "the live build's path is a root");
    assert.ok(existsSync(join(root, path)), "gc kept the path of the live build");
    assert.deepEqual(readdirSync(join(root, TEMP_ROOTS)), [`${build.pid}.${startTime(build.pid as number)}`]);

    build.kill("SIGKILL");
    await once(build, "exit");
    const gone = collectGarbage(root, { dryRun: false });
    assert.deepEqual(gone.dead, [basename(path)]);
    assert.ok(!existsSync(join(root, path)), "gc collected the path once its build died");
    assert.deepEqual(readdirSync(join(root, TEMP_ROOTS)), [], "the dead build's root file was removed");
  } finally {
    build.kill("SIGKILL");
  }
});

test("a root file of a process that is gone keeps nothing and is removed; one of a process whose pid was reused too", () => {
  const root = mkdtempSync(join(tmpdir(), "sm-temproots-stale-"));
  const path = spawnSync(process.execPath, ["--import", "tsx", "-e", `import { writeStorePath } from ${JSON.stringify(join(import.meta.dirname, "../../src/store/write-store-path.ts"))}; import { textFileTree } from ${JSON.stringify(join(import.meta.dirname, "../../src/store/text-store-path.ts"))}; console.log(await writeStorePath(${JSON.stringify(root)}, "left", textFileTree("x")));`], { encoding: "utf8" });
  assert.equal(path.status, 0, path.stderr);
  assert.deepEqual(readdirSync(join(root, TEMP_ROOTS)), [], "a process that exits removes its own root file");
  const left = path.stdout.trim();
  const dir = join(root, TEMP_ROOTS);
  // A dead pid, and this very pid with another start time (the pid reused).
  writeFileSync(join(dir, "999999999.1234"), basename(left) + "\n");
  writeFileSync(join(dir, `${process.pid}.1`), basename(left) + "\n");
  const r = collectGarbage(root, { dryRun: false });
  assert.deepEqual(r.dead, [basename(left)]);
  assert.deepEqual(readdirSync(dir), []);
});

test("a build and gc run side by side, in two processes: no generation is ever linked to a path gc removed", async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-temproots-race-"));
  mkdirSync(join(root, PROFILES_DIR), { recursive: true });
  const stop = join(mkdtempSync(join(tmpdir(), "sm-temproots-stop-")), "stop");
  const gc = child("gc", root, stop);
  const gcOut = (async () => {
    let out = "";
    for await (const chunk of gc.stdout as NodeJS.ReadableStream) out += String(chunk);
    return out;
  })();
  const gcExited = once(gc, "exit");
  const build = child("build", root, "20", `${stop}.runs`);
  const buildExited = once(build, "exit");
  let missing: string[];
  try {
    missing = JSON.parse(await firstLine(build)) as string[];
    await buildExited;
  } finally {
    writeFileSync(stop, "");
    await gcExited;
  }
  assert.ok(Number(await gcOut) >= 40, "a whole gc run passed between each build's writes and its link");
  assert.deepEqual(missing, [], "every generation linked had its whole closure");
  const links = readdirSync(join(root, PROFILES_DIR));
  assert.deepEqual(links, ["system-19-link"]);
  const gen = readlinkSync(join(root, PROFILES_DIR, "system-19-link"));
  assert.ok(existsSync(join(root, readlinkSync(join(root, gen, "dep")))), "the last generation's closure is whole");
  // The build is gone: what only it held is collected now, its last generation's closure kept.
  const after = collectGarbage(root, { dryRun: false });
  assert.deepEqual(after.live.length, 2);
  assert.ok(readdirSync(join(root, "var/lib/system-manager/store")).length === 2);
});

function startTime(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] as string;
}

test("system-manager switch beside gc run again and again: every path the switched generation refers to is there", { skip: isRoot ? false : "needs root to switch a tree with users" }, async () => {
  const env = { PATH: process.env.PATH, HOME: "/root", XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), "sm-temproots-cache-")), SYSTEM_MANAGER_PACKAGES: "off" };
  const switchIn = (root: string) => {
    const r = spawnSync(process.execPath, [CLI, "switch", "--config", EXAMPLE, "--root", root], { encoding: "utf8", env });
    assert.equal(r.status, 0, r.stderr);
  };
  // Packages are off: what a generation names but was never built (ripgrep, git, gnupg) is missing without gc too.
  const missing = (root: string) => {
    const { live } = collectGarbage(root, { dryRun: true });
    return [...new Set(live.flatMap((n) => references(root, n).filter((ref) => !existsSync(join(root, STORE_DIR, ref)))))].sort();
  };
  const control = mkdtempSync(join(tmpdir(), "sm-temproots-control-"));
  switchIn(control);
  const root = mkdtempSync(join(tmpdir(), "sm-temproots-switch-"));
  const stop = join(mkdtempSync(join(tmpdir(), "sm-temproots-stop-")), "stop");
  const gc = child("gc", root, stop);
  const gcExited = once(gc, "exit");
  try {
    switchIn(root);
  } finally {
    writeFileSync(stop, "");
    await gcExited;
  }
  assert.deepEqual(missing(root), missing(control));
  const hello = join(root, "home/alice/.config/example/hello.txt");
  assert.equal(readFileSync(join(root, readlinkSync(hello)), "utf8"), "Hello from home-manager!\n");
});

test("gc's lock after a kill: an empty lock (a writer killed before its line) neither hangs a build nor blocks gc; a dead gc's draft is removed; a live holder's lock is respected", () => {
  const root = mkdtempSync(join(tmpdir(), "sm-temproots-lock-"));
  const writeText = (name: string) =>
    spawnSync(process.execPath, ["--import", "tsx", "-e", `import { writeStorePath } from ${JSON.stringify(join(import.meta.dirname, "../../src/store/write-store-path.ts"))}; import { textFileTree } from ${JSON.stringify(join(import.meta.dirname, "../../src/store/text-store-path.ts"))}; console.log(await writeStorePath(${JSON.stringify(root)}, ${JSON.stringify(name)}, textFileTree("x")));`], { encoding: "utf8", timeout: 30_000 });
  assert.equal(writeText("first").status, 0);
  const dir = join(root, TEMP_ROOTS);
  writeFileSync(join(dir, "gc.lock"), "");
  writeFileSync(join(dir, "gc.lock.999999999.1234"), "999999999.1234 0123456789abcdef\n");
  const build = writeText("second");
  assert.equal(build.status, 0, `a build beside the empty lock ends (${build.error?.message ?? build.stderr})`);
  collectGarbage(root, { dryRun: false });
  assert.deepEqual(readdirSync(dir), [], "gc took the empty lock over, removed the dead gc's draft, and released its own");
  // A live holder (this process): gc refuses, naming it, and leaves its lock.
  writeFileSync(join(dir, "gc.lock"), `${process.pid}.${startTime(process.pid)} feedc0de\n`);
  assert.throws(() => collectGarbage(root, { dryRun: false }), new RegExp(`another gc \\(pid ${process.pid}\\) is collecting this store`));
  assert.deepEqual(readdirSync(dir), ["gc.lock"]);
});
