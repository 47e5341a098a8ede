// 500 declared users (each with its own group) from a system flake
// (lib.genList), as a user runs it (whole process, `node
// bin/system-manager.js … --flake DIR --root ROOT --offline`, packages
// off, a scratch cache): evaluation and build (`build --no-eval-cache`,
// the parse cache warm), the first `switch` into a root with only root's
// accounts, and `switch` again unchanged (a no-op); the peer is
// `systemd-sysusers --root` on the same 500 users and groups, in the same
// run: its first run and its re-run. Medians of BENCH_RUNS (default 5; 1
// in smoke mode, which has 20 users); peak RSS of our largest process.
// Node's own start (`node` on an empty script, timed beside each no-op)
// is printed too, and what each of ours takes beyond it.
// Run: node --import tsx bench/users-500.ts
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { median, peer, ratio, scratchDir, size } from "./lib/bench-env.ts";
import { runChecked, type Measured } from "./lib/measure.ts";
import { beyondStart, nodeStart, nodeStartLine } from "./lib/startup.ts";

const N = size(500, 20);
const RUNS = Number(process.env.BENCH_RUNS ?? size(5, 1));
const CLI = join(import.meta.dirname, "../bin/system-manager.js");
const names = Array.from({ length: N }, (_, i) => `bench${i}`);

const flake = `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { self, system-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [
        ({ lib, ... }: {
          nixpkgs.hostPlatform = "x86_64-linux";
          users.users = lib.listToAttrs (lib.genList (i: {
            name = "bench\${toString i}";
            value = { isNormalUser = true; uid = 2000 + i; group = "bench\${toString i}"; description = "Bench user \${toString i}"; home = "/home/bench\${toString i}"; createHome = false; };
          }) ${N});
          users.groups = lib.listToAttrs (lib.genList (i: { name = "bench\${toString i}"; value.gid = 2000 + i; }) ${N});
        })
      ];
    };
  };
}
`;

const scratch = scratchDir("sm-bench-users-");
type Run = Measured;
const run = runChecked;

/** A root holding only root's accounts. */
function baseRoot(): string {
  const root = scratchDir("sm-bench-users-root-");
  mkdirSync(join(root, "etc"));
  writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
  writeFileSync(join(root, "etc/group"), "root:x:0:\n");
  writeFileSync(join(root, "etc/shadow"), "root:*:19000:0:99999:7:::\n", { mode: 0o640 });
  return root;
}

const dir = scratchDir("sm-bench-users-flake-");
writeFileSync(join(dir, "flake.nix"), flake);
const env = { SYSTEM_MANAGER_PACKAGES: "off", XDG_CACHE_HOME: join(scratch, "cache"), HOME: scratch };
const cli = (command: string, root: string, ...extra: string[]) => run(process.execPath, [CLI, command, "--flake", dir, "--root", root, "--offline", ...extra], env);

// A first build fills the parse cache and writes the engine, as any earlier build has.
cli("build", baseRoot());
const builds: Run[] = [];
const firsts: Run[] = [];
const agains: Run[] = [];
const starts: Run[] = [];
for (let r = 0; r < RUNS; r++) {
  const root = baseRoot();
  builds.push(cli("build", root, "--no-eval-cache"));
  firsts.push(cli("switch", root));
  const passwd = readFileSync(join(root, "etc/passwd"), "utf8");
  if (!passwd.includes(`bench${N - 1}:x:${2000 + N - 1}:`)) throw new Error("the first switch did not create the users");
  agains.push(cli("switch", root));
  starts.push(nodeStart(scratch, env));
  if (readFileSync(join(root, "etc/passwd"), "utf8") !== passwd) throw new Error("the second switch changed /etc/passwd");
}

let sysusers: { first: number; again: number } | undefined;
if (peer("systemd-sysusers", "systemd")) {
  const first: number[] = [];
  const again: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const root = baseRoot();
    mkdirSync(join(root, "etc/sysusers.d"));
    writeFileSync(join(root, "etc/sysusers.d/bench.conf"), names.map((n, i) => `g ${n} ${2000 + i}\nu ${n} ${2000 + i}:${2000 + i} "Bench user ${i}" /home/${n} /bin/bash\n`).join(""));
    first.push(run("systemd-sysusers", ["--root", root]).ms);
    again.push(run("systemd-sysusers", ["--root", root]).ms);
  }
  sysusers = { first: median(first), again: median(again) };
}

const peak = (rs: readonly Run[]) => (rs.some((r) => r.peakRssMB === undefined) ? "?" : Math.max(...rs.map((r) => r.peakRssMB as number)).toFixed(0));
const row = (what: string, rs: readonly Run[], peerMs: number | undefined) => {
  const ms = median(rs.map((r) => r.ms));
  console.log(`${what.padEnd(30)} ${ms.toFixed(0).padStart(6)} ms  peak ${peak(rs).padStart(4)} MB   systemd-sysusers ${peerMs === undefined ? "     -" : peerMs.toFixed(0).padStart(6)} ms   ${ratio(ms, peerMs)}   ${beyondStart(ms, starts)}`);
};
console.log(`${N} users and groups from a flake, whole process (median of ${RUNS})`);
row("evaluation + build", builds, sysusers?.first);
row("first switch", firsts, sysusers?.first);
row("switch again (no-op)", agains, sysusers?.again);
console.log(nodeStartLine(starts, 30));
