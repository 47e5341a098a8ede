// 500 declared users (each with its own group) applied to an empty root,
// then re-applied unchanged; the peer is `systemd-sysusers --root` on the
// same 500 users and groups, in the same run. Prints times and ratios.
// Run: node --import tsx bench/users-500.ts
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildGeneration } from "../src/build/build-generation.ts";
import { readSourceFromDisk } from "../src/build/read-source.ts";
import { activate } from "../src/activate/activate.ts";
import { RootFs } from "../src/activate/root-fs.ts";
import { FakeServiceManager } from "../src/activate/services/fake-service-manager.ts";
import { lazyFromJS } from "../src/nix/js-value.ts";
import { NixAttrs } from "../src/nix/value.ts";

const N = 500;
const names = Array.from({ length: N }, (_, i) => `bench${String(i).padStart(3, "0")}`);
const users: Record<string, unknown> = {};
const groups: Record<string, unknown> = {};
names.forEach((n, i) => {
  users[n] = { isNormalUser: true, uid: 2000 + i, group: n, description: `Bench user ${i}`, home: `/home/${n}`, createHome: false };
  groups[n] = { gid: 2000 + i };
});
const config = { nixpkgs: { hostPlatform: "x86_64-linux" }, users: { users, groups } };

function baseRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "sm-bench-"));
  mkdirSync(join(root, "etc"));
  writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
  writeFileSync(join(root, "etc/group"), "root:x:0:\n");
  writeFileSync(join(root, "etc/shadow"), "root:*:19000:0:99999:7:::\n", { mode: 0o640 });
  return root;
}

const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;
const world = (root: string) => ({
  fs: new RootFs(root),
  homes: { run: async () => 0 },
  services: new FakeServiceManager({ available: { available: false, reason: "bench" } }),
  now: () => new Date(),
  passwords: { hash: (p: string) => p, verify: () => false },
  mtime: () => 0,
  log: () => undefined,
});

const ours = baseRoot();
let t = process.hrtime.bigint();
const { storePath } = await buildGeneration([NixAttrs.from({ _file: "bench", imports: [lazyFromJS(config)] })], {
  root: ours,
  hostSystem: "x86_64-linux",
  readSource: readSourceFromDisk,
  warn: () => undefined,
});
const build = ms(t);
t = process.hrtime.bigint();
await activate(world(ours), { storePath }, false);
const first = ms(t);
t = process.hrtime.bigint();
const again = await activate(world(ours), { storePath }, false);
const second = ms(t);
if (again.plan.users.changes.length !== 0) throw new Error("re-apply was not a no-op");

const peer = baseRoot();
mkdirSync(join(peer, "etc/sysusers.d"));
writeFileSync(join(peer, "etc/sysusers.d/bench.conf"), names.map((n, i) => `g ${n} ${2000 + i}\nu ${n} ${2000 + i}:${2000 + i} "Bench user ${i}" /home/${n} /bin/bash\n`).join(""));
const sysusers = () => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync("systemd-sysusers", ["--root", peer], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`systemd-sysusers failed: ${r.stderr}`);
  return ms(t0);
};
const peerFirst = sysusers();
const peerSecond = sysusers();

const row = (what: string, a: number, b: number) => console.log(`${what.padEnd(28)} ${a.toFixed(1).padStart(8)} ms   systemd-sysusers ${b.toFixed(1).padStart(8)} ms   ratio ${(a / b).toFixed(2)}`);
console.log(`evaluation and build of ${N} users: ${build.toFixed(1)} ms`);
row("first activation", first, peerFirst);
row("re-apply unchanged", second, peerSecond);
row("build + first activation", build + first, peerFirst);
