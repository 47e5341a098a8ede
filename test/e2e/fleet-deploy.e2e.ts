/**
 * `system-manager deploy` end to end: three booted Debian 12 guests, each
 * running Debian's sshd on its own loopback port (booted one after
 * another), one fleet flake (deploy.nodes: n1 the canary, n2, n3, all on
 * systemConfigs.web). The first deploy switches all three. The second
 * changes one /etc file and the service, whose new script fails where a
 * marker file exists, only on n1: the canary fails its health check, is
 * rolled back to generation 1, n2 and n3 are never activated (still on
 * generation 1), the table says so and the exit status is 1; the copies
 * of the second deploy carry only the changed store paths. A third
 * measures per-host costs. In a fourth, n2's own healthCheck fails after
 * a successful activation: n2 is rolled back, n3 (activating beside it in
 * the rolling window of --parallel, default 4) finishes and stays switched.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Container } from "./container.ts";
import { exec, type Exec } from "./exec.ts";
import { e2eSkipReason, REPO } from "./project.ts";
import { bootSshGuest, sshOptionArgs, testKey } from "./ssh-guest.ts";

const skip = e2eSkipReason();
const PORTS = [18171, 18172, 18173];
const TIMEOUT = 15 * 60_000;

const flake = (text: string, failing: boolean) => `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { system-manager, ... }: {
    systemConfigs.web = system-manager.lib.makeSystemConfig {
      modules = [ {
        nixpkgs.hostPlatform = "x86_64-linux";
        environment.etc."fleet-hello".text = "${text}\\n";
        systemd.services.fleet-app = {
          wantedBy = [ "multi-user.target" ];
          script = "${failing ? "if [ -e /etc/fleet-fail ]; then exit 1; fi; " : ""}exec sleep infinity";
        };
      } ];
    };
    deploy.nodes = {
      n1 = { hostname = "127.0.0.1:${PORTS[0]}"; sshUser = "root"; configuration = "web"; canary = true; };
      n2 = { hostname = "127.0.0.1:${PORTS[1]}"; sshUser = "root"; configuration = "web"; healthCheck = "test -e /etc/fleet-hello && test ! -e /etc/fleet-unhealthy"; };
      n3 = { hostname = "127.0.0.1:${PORTS[2]}"; sshUser = "root"; configuration = "web"; };
    };
  };
}
`;

let guests: Container[] = [];
let work = "";
let sshOptions: string[] = [];

before(async () => {
  if (skip !== undefined) return;
  work = mkdtempSync(join(tmpdir(), "sm-fleet-"));
  for (const d of ["home", "cache", "flake"]) mkdirSync(join(work, d));
  const key = await testKey(work);
  // One after another: three guests installing sshd at once are too heavy for a small machine.
  for (const port of PORTS) guests.push(await bootSshGuest(port, key));
  sshOptions = sshOptionArgs(work, key);
});

after(async () => {
  for (const g of guests) await g.shutdown();
  guests = [];
  if (work !== "") rmSync(work, { recursive: true, force: true });
});

function deploy(args: readonly string[]): Promise<Exec> {
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: join(work, "home"), XDG_CACHE_HOME: join(work, "cache"), LANG: "C.UTF-8" };
  return exec(["node", join(REPO, "bin/system-manager.js"), "deploy", "--flake", join(work, "flake"), ...sshOptions, ...args], { env, timeoutMs: TIMEOUT });
}

const said = (r: Exec) => `exit ${r.code}\n${r.stdout}${r.stderr}`;
const row = (r: Exec, node: string) => r.stdout.split("\n").find((l) => l.startsWith(`${node} `)) ?? "";

test("one deploy switches all three hosts, the canary first", { skip }, async (t) => {
  writeFileSync(join(work, "flake", "flake.nix"), flake("v1", false));
  const r = await deploy([]);
  t.diagnostic(r.stdout);
  assert.equal(r.code, 0, said(r));
  // A guest some unit of its own left degraded (a boot under load) is switched all the same, with that said.
  for (const n of ["n1", "n2", "n3"]) assert.match(row(r, n), / switched( \(systemd degraded by units this deploy did not change\))?$/, said(r));
  assert.ok(r.stderr.indexOf("stage 1: canary: n1") < r.stderr.indexOf("stage 2: n2, n3\n"), r.stderr);
  for (const g of guests) {
    assert.equal(await g.sh("cat /etc/fleet-hello"), "v1\n");
    assert.equal((await g.run("systemctl is-active fleet-app.service")).stdout, "active\n");
    assert.equal((await g.run("readlink /var/lib/system-manager/profiles/system")).stdout, "system-1-link\n");
  }
});

test("a canary failing its health check is rolled back and stops the rollout; the copies carry only the changed paths", { skip }, async (t) => {
  await (guests[0] as Container).sh("touch /etc/fleet-fail");
  writeFileSync(join(work, "flake", "flake.nix"), flake("v2", true));
  const r = await deploy([]);
  t.diagnostic(r.stdout);
  assert.equal(r.code, 1, said(r));
  assert.match(row(r, "n1"), /rolled back: .*fleet-app\.service.*; back on generation 1$/, said(r));
  for (const n of ["n2", "n3"]) assert.match(row(r, n), /not attempted: the rollout stopped after n1 failed$/, said(r));
  for (const n of ["n1", "n2", "n3"]) {
    const m = / (\d+) paths?, ([0-9.]+) (B|KiB) /.exec(row(r, n));
    assert.ok(m !== null && Number(m[1]) >= 1 && Number(m[1]) <= 6, `only the changed store paths, and small: ${row(r, n)}`);
  }
  const [n1, n2, n3] = guests as [Container, Container, Container];
  assert.equal(await n1.sh("cat /etc/fleet-hello"), "v1\n", "n1 is back on generation 1");
  assert.equal((await n1.run("readlink /var/lib/system-manager/profiles/system")).stdout, "system-1-link\n");
  assert.equal((await n1.run("systemctl is-active fleet-app.service")).stdout, "active\n");
  for (const g of [n2, n3]) {
    assert.equal(await g.sh("cat /etc/fleet-hello"), "v1\n", "never activated");
    assert.equal((await g.run("readlink /var/lib/system-manager/profiles/system")).stdout, "system-1-link\n");
  }
});

test("per-host costs, for docs/fleet-at-scale.md: an ssh round trip, the local part, a changed file's probe and copy, its activation", { skip }, async (t) => {
  writeFileSync(join(work, "flake", "flake.nix"), flake("v3", false));
  const timed = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
    const start = performance.now();
    const v = await f();
    return [v, Math.round(performance.now() - start)];
  };
  const ssh = sshOptions.filter((o) => o !== "--ssh-option");
  const [, rtt] = await timed(async () => {
    for (let i = 0; i < 5; i++) assert.equal((await exec(["ssh", ...ssh, "-p", String(PORTS[1]), "-l", "root", "127.0.0.1", "true"])).code, 0);
  });
  const [dry, local] = await timed(() => deploy(["--on", "n2", "--dry-run"]));
  assert.equal(dry.code, 0, said(dry));
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: join(work, "home"), XDG_CACHE_HOME: join(work, "cache"), LANG: "C.UTF-8" };
  const [copy, copying] = await timed(() => exec(["node", join(REPO, "bin/system-manager.js"), "build", "--flake", `${join(work, "flake")}#web`, "--target-host", `root@127.0.0.1:${PORTS[1]}`, ...sshOptions], { env, timeoutMs: TIMEOUT }));
  assert.equal(copy.code, 0, said(copy));
  const [full, whole] = await timed(() => deploy(["--on", "n2", "--settle", "0"]));
  assert.equal(full.code, 0, said(full));
  t.diagnostic(`ssh round trip ${Math.round(rtt / 5)} ms; local part (read the fleet, build from the cache) ${local} ms; build --target-host (local part, probe, copy of a changed file) ${copying} ms: ${/copied .*/.exec(copy.stderr)?.[0] ?? ""}; deploy --on n2 --settle 0 (nothing left to copy: probe, read current, activate, health) ${whole} ms`);
});

test("a host whose own healthCheck fails after activating is rolled back; the host activating beside it finishes and stays switched", { skip }, async (t) => {
  const [n1, n2, n3] = guests as [Container, Container, Container];
  const before = (await n2.run("readlink /var/lib/system-manager/profiles/system")).stdout;
  await n2.sh("touch /etc/fleet-unhealthy");
  writeFileSync(join(work, "flake", "flake.nix"), flake("v4", false));
  const r = await deploy([]);
  t.diagnostic(r.stdout);
  assert.equal(r.code, 1, said(r));
  assert.match(row(r, "n1"), / switched$/, said(r));
  assert.match(row(r, "n2"), /rolled back: health check failed: 'test -e \/etc\/fleet-hello && test ! -e \/etc\/fleet-unhealthy' exited with status 1; back on generation \d+$/, said(r));
  assert.match(row(r, "n3"), / switched$/, said(r));
  assert.equal(await n1.sh("cat /etc/fleet-hello"), "v4\n");
  assert.equal(await n3.sh("cat /etc/fleet-hello"), "v4\n");
  assert.equal(await n2.sh("cat /etc/fleet-hello"), "v3\n", "n2 is back on its previous generation");
  assert.equal((await n2.run("readlink /var/lib/system-manager/profiles/system")).stdout, before);
});
