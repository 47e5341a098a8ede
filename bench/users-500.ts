// 500 declared users (each with its own group) applied to an empty root,
// then re-applied unchanged; the peer is `systemd-sysusers --root` on the
// same 500 users and groups, in the same run. Prints times and ratios.
// The build writes the generation's activation engine as every build does;
// it is written once before timing, as after any earlier switch (the Node
// runtime is then cached and in the store). Activation runs in this process,
// with the CLI's activation world (what the engine runs, without starting it).
// Run: node --import tsx bench/users-500.ts
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildGeneration } from "../src/build/build-generation.ts";
import { writeEngine, type EngineSource } from "../src/build/engine-store-paths.ts";
import { readSourceFromDisk } from "../src/build/read-source.ts";
import { activate } from "../src/activate/activate.ts";
import { activationWorld } from "../src/cli/activation-world.ts";
import { engineScript } from "../src/cli/engine-source.ts";
import { lazyFromJS } from "../src/nix/js-value.ts";
import { NixAttrs } from "../src/nix/value.ts";
import { msSince, peer, ratio, scratchDir, size } from "./lib/bench-env.ts";

const N = size(500, 5);
const names = Array.from({ length: N }, (_, i) => `bench${String(i).padStart(3, "0")}`);
const users: Record<string, unknown> = {};
const groups: Record<string, unknown> = {};
names.forEach((n, i) => {
  users[n] = { isNormalUser: true, uid: 2000 + i, group: n, description: `Bench user ${i}`, home: `/home/${n}`, createHome: false };
  groups[n] = { gid: 2000 + i };
});
const config = { nixpkgs: { hostPlatform: "x86_64-linux" }, users: { users, groups } };

function baseRoot(): string {
  const root = scratchDir("sm-bench-users-");
  mkdirSync(join(root, "etc"));
  writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
  writeFileSync(join(root, "etc/group"), "root:x:0:\n");
  writeFileSync(join(root, "etc/shadow"), "root:*:19000:0:99999:7:::\n", { mode: 0o640 });
  return root;
}

const ownership = process.getuid?.() === 0;
const world = (root: string) => activationWorld(root, () => undefined, ownership);

const ours = baseRoot();
const engine: EngineSource = { node: process.execPath, script: engineScript(), version: "bench", cacheDir: scratchDir("sm-bench-cache-") };
await writeEngine(ours, engine);
let t = process.hrtime.bigint();
const { storePath } = await buildGeneration([NixAttrs.from({ _file: "bench", imports: [lazyFromJS(config)] })], {
  root: ours,
  hostSystem: "x86_64-linux",
  readSource: readSourceFromDisk,
  warn: () => undefined,
  engine,
});
const build = msSince(t);
t = process.hrtime.bigint();
await activate(world(ours), { storePath }, false);
const first = msSince(t);
t = process.hrtime.bigint();
const again = await activate(world(ours), { storePath }, false);
const second = msSince(t);
if (again.plan.users.changes.length !== 0) throw new Error("re-apply was not a no-op");

let peerFirst: number | undefined;
let peerSecond: number | undefined;
if (peer("systemd-sysusers", "systemd")) {
  const peerRoot = baseRoot();
  mkdirSync(join(peerRoot, "etc/sysusers.d"));
  writeFileSync(join(peerRoot, "etc/sysusers.d/bench.conf"), names.map((n, i) => `g ${n} ${2000 + i}\nu ${n} ${2000 + i}:${2000 + i} "Bench user ${i}" /home/${n} /bin/bash\n`).join(""));
  const sysusers = () => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync("systemd-sysusers", ["--root", peerRoot], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`systemd-sysusers failed: ${r.stderr}`);
    return msSince(t0);
  };
  peerFirst = sysusers();
  peerSecond = sysusers();
}

const row = (what: string, a: number, b: number | undefined) =>
  console.log(`${what.padEnd(28)} ${a.toFixed(1).padStart(8)} ms   systemd-sysusers ${b === undefined ? "       -" : b.toFixed(1).padStart(8)} ms   ${ratio(a, b)}`);
console.log(`evaluation and build of ${N} users: ${build.toFixed(1)} ms${ownership ? "" : " (not root: owners are not set)"}`);
row("first activation", first, peerFirst);
row("re-apply unchanged", second, peerSecond);
row("build + first activation", build + first, peerFirst);
