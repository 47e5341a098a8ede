/**
 * The remote flow of switch, register, build and deactivate, with a
 * runner that records what would run over ssh and answers as a target
 * lacking everything would: the probe, then the copy of the closure's
 * missing paths, then the generation's own engine, with the flags each
 * command gives it and the root on the target; a dry run copies nothing.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildGeneration } from "../build/build-generation.ts";
import { readSourceFromDisk } from "../build/read-source.ts";
import { readManifest } from "../activate/read-manifest.ts";
import { RootFs } from "../activate/root-fs.ts";
import { testEngine } from "../../test/helpers/engine.ts";
import { module, seedSystem } from "../../test/helpers/system.ts";
import type { Command, Runner } from "../remote/runner.ts";
import { remoteCommand } from "./remote-command.ts";
import type { Io } from "./io.ts";

const made: string[] = [];
const tmp = (prefix: string) => (made.push(mkdtempSync(join(tmpdir(), prefix))), made.at(-1) as string);
after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function generation(): Promise<{ root: string; storePath: string; engine: string }> {
  const root = tmp("sm-remote-cmd-");
  const { storePath } = await buildGeneration([module(seedSystem)], { root, hostSystem: "x86_64-linux", readSource: readSourceFromDisk, warn: () => undefined, engine: testEngine() });
  return { root, storePath, engine: readManifest(new RootFs(root), storePath).engine as string };
}

function target(): { runner: Runner; seen: Command[] } {
  const seen: Command[] = [];
  const runner: Runner = async (c) => {
    seen.push(c);
    const remote = c.argv.at(-1) as string;
    if (remote.includes("missing")) {
      const names = (c.input ?? "").split("\n").filter((n) => n !== "");
      return { code: 0, stdout: `${names.map((n) => `missing ${n}\n`).join("")}end\n`, stderr: "" };
    }
    return { code: 0, stdout: remote.includes("copied") ? "copied\n" : "", stderr: "" };
  };
  return { runner, seen };
}

function io(): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), env: { HOME: tmp("sm-remote-home-") }, cwd: "/" };
}

const HOST = { targetHost: "deploy@web1:2222", sshOptions: ["-i /k"] };

test("switch --store-path P --target-host: probe, copy of the whole closure, then P's engine activating P under --root there", async () => {
  const g = await generation();
  const { runner, seen } = target();
  const o = io();
  const code = await remoteCommand("switch", { ...HOST, argv: ["--store-path", join(g.root, g.storePath), "--root", "/srv/x", "--ephemeral"] }, o, runner);
  assert.equal(code, 0, o.err.join(""));
  assert.equal(seen.length, 4);
  const [ssh, i, key, o1, master, o2, path, o3, persist, ...rest] = seen[0]?.argv ?? [];
  assert.deepEqual([ssh, i, key, o1, master, o2, o3, persist], ["ssh", "-i", "/k", "-o", "ControlMaster=auto", "-o", "-o", "ControlPersist=60"]);
  assert.match(path as string, /^ControlPath=.*\/sm-ssh-[^/]+\/%C$/);
  assert.deepEqual(rest.slice(0, 6), ["-p", "2222", "-l", "deploy", "--", "web1"]);
  assert.ok(seen.slice(1, 3).every((c) => c.argv.includes(path as string)), "one connection for the probe, the copy and the engine");
  assert.deepEqual(seen[3]?.argv.slice(0, 3), ["ssh", "-O", "exit"], "the shared connection is stopped at the end");
  assert.match(seen[0]?.argv.at(-1) as string, / \/srv\/x\/var\/lib\/system-manager\/store '' ''$/);
  assert.ok(seen[1]?.from?.argv.includes(join(g.root, "var/lib/system-manager/store")), "tar reads the local store");
  assert.equal(seen[2]?.argv.at(-1), `/srv/x${g.engine}/bin/system-manager-engine activate --root /srv/x --store-path ${g.storePath} --ephemeral`);
  assert.deepEqual(o.out, [`/srv/x${g.storePath}\n`]);
  assert.match(o.err.join(""), /^deploy@web1:2222: copied \d+ paths \([0-9.]+ (KiB|MiB)\), 0 already there\n$/);
});

test("register runs the engine with --register, pre-populate with --pre-populate; build only copies; deactivate --store-path copies only the engine and deactivates with it", async () => {
  const g = await generation();
  const reg = target();
  assert.equal(await remoteCommand("register", { ...HOST, argv: ["--store-path", join(g.root, g.storePath), "--sudo"] }, io(), reg.runner), 0);
  assert.match(reg.seen[0]?.argv.at(-1) as string, / sudo ''$/);
  assert.equal(reg.seen[2]?.argv.at(-1), `${g.engine}/bin/system-manager-engine activate --root / --store-path ${g.storePath} --register`);
  const pre = target();
  assert.equal(await remoteCommand("pre-populate", { ...HOST, argv: ["--store-path", join(g.root, g.storePath), "--ephemeral"] }, io(), pre.runner), 0);
  assert.equal(pre.seen[2]?.argv.at(-1), `${g.engine}/bin/system-manager-engine activate --root / --store-path ${g.storePath} --pre-populate --ephemeral`);
  await assert.rejects(remoteCommand("pre-populate", { ...HOST, argv: [] }, io(), pre.runner), /supply either a configuration/);
  const build = target();
  const o = io();
  assert.equal(await remoteCommand("build", { ...HOST, argv: ["--store-path", join(g.root, g.storePath)] }, o, build.runner), 0);
  assert.equal(build.seen.length, 3);
  assert.deepEqual(o.out, [`${g.storePath}\n`]);
  const off = target();
  assert.equal(await remoteCommand("deactivate", { ...HOST, argv: ["--store-path", join(g.root, g.storePath)] }, io(), off.runner), 0);
  const probed = (off.seen[0]?.input ?? "").split("\n").filter((n) => n !== "");
  assert.ok(!probed.some((n) => g.storePath.endsWith(n)), "the generation itself is not copied, only its engine's closure");
  assert.equal(off.seen[2]?.argv.at(-1), `${g.engine}/bin/system-manager-engine activate --root / --nothing`);
});

test("--dry-run copies nothing: the paths the target lacks go to a private overlay in a mount namespace there, the engine's dry run inside it", async () => {
  const g = await generation();
  const { runner, seen } = target();
  const o = io();
  assert.equal(await remoteCommand("switch", { ...HOST, argv: ["--store-path", join(g.root, g.storePath), "--dry-run"] }, o, runner), 0);
  assert.equal(seen.length, 3, "the probe, the dry run, the connection's exit");
  assert.ok(!seen.some((c) => c.argv.at(-1)?.includes("echo copied")), "no copy into the target's store");
  const dry = seen[1] as Command;
  const remote = dry.argv.at(-1) as string;
  assert.match(remote, /^sh -c '.*exec unshare -m --propagation private sh -c "\$@"\n' sh '.*mount -t overlay system-manager-dry-run .*' sh \/var\/lib\/system-manager\/store /s);
  assert.ok(remote.endsWith(` ${g.engine}/bin/system-manager-engine activate --root / --dry-run --store-path ${g.storePath}`), remote);
  const probed = (seen[0]?.input ?? "").split("\n").filter((n) => n !== "");
  assert.deepEqual(dry.from?.input.split("\n").filter((n) => n !== ""), probed, "the paths it lacks are streamed, no others");
  assert.equal(dry.from?.trailer, "whole\n");
  assert.match(o.err.join(""), /^deploy@web1:2222: a dry run writes nothing there: the \d+ store paths it lacks \([0-9.]+ (KiB|MiB)\) are shown to the engine in a private memory overlay/);
});

test("--dry-run on a target that has the whole closure runs the engine's dry run as it is there", async () => {
  const g = await generation();
  const seen: Command[] = [];
  const runner: Runner = async (c) => (seen.push(c), { code: 0, stdout: c.argv.at(-1)?.includes("missing") ? "end\n" : "", stderr: "" });
  assert.equal(await remoteCommand("register", { ...HOST, argv: ["--store-path", join(g.root, g.storePath), "--dry-run"] }, io(), runner), 0);
  assert.equal(seen.length, 3);
  assert.equal(seen[1]?.argv.at(-1), `${g.engine}/bin/system-manager-engine activate --root / --dry-run --store-path ${g.storePath} --register`);
  assert.equal(seen[1]?.from, undefined);
});

test("the copy registers the closure as a temporary GC root there, released after the engine, which failed here", async () => {
  const g = await generation();
  const seen: Command[] = [];
  const runner: Runner = async (c) => {
    seen.push(c);
    const remote = c.argv.at(-1) as string;
    if (remote.includes("missing")) return { code: 0, stdout: "end\n", stderr: "" };
    if (remote.includes("echo copied")) return { code: 0, stdout: "root /srv/x/var/lib/system-manager/temproots/77.88\ncopied\n", stderr: "" };
    return { code: remote.includes("system-manager-engine") ? 1 : 0, stdout: "", stderr: "" };
  };
  assert.equal(await remoteCommand("switch", { ...HOST, argv: ["--store-path", join(g.root, g.storePath), "--root", "/srv/x"] }, io(), runner), 1);
  assert.equal(seen.length, 5, "probe, copy (nothing missing: only the root), engine, release, exit");
  assert.match(seen[1]?.argv.at(-1) as string, / \/srv\/x\/var\/lib\/system-manager\/store \/srv\/x\/var\/lib\/system-manager\/temproots$/);
  const probed = seen[0]?.input ?? "";
  assert.equal(seen[1]?.input, `${probed}\n\n`, "the whole closure to root, then no names to copy");
  assert.match(seen[2]?.argv.at(-1) as string, /system-manager-engine activate/);
  assert.equal(seen[3]?.argv.at(-1), "rm -f -- /srv/x/var/lib/system-manager/temproots/77.88");
});

test("deactivate without --store-path runs the engine of the generation active there; --generation is refused", async () => {
  const { runner, seen } = target();
  assert.equal(await remoteCommand("deactivate", { ...HOST, argv: [] }, io(), runner), 0);
  assert.equal(seen.length, 3);
  assert.match(seen[1]?.argv.at(-1) as string, /^sh -c '.*system-manager-state\.json.*' sh \/$/s);
  await assert.rejects(remoteCommand("switch", { ...HOST, argv: ["--generation", "3"] }, io(), runner), /Cannot use --generation with --target-host/);
  await assert.rejects(remoteCommand("deactivate", { ...HOST, argv: ["--ephemeral"] }, io(), runner), /Unknown option '--ephemeral'/);
});
