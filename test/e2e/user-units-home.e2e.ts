/**
 * Systemd user units of a home, on a booted systemd: alice's home
 * configuration writes a user service (its unit file and its
 * default.target.wants link, as home-manager does); the switch's home
 * activation (home-manager-alice.service, as alice) runs reloadSystemd.
 * Without her user manager it skips with home-manager's message; with
 * lingering on, a changed service is restarted and a new one started, an
 * unchanged one left alone, a removed one stopped, and a unit failing to
 * start fails the switch, named.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { bootProject, CLI, e2eSkipReason } from "./project.ts";

const skip = e2eSkipReason();

const service = (exec: string, extra = "") => `[Unit]\nDescription=Demo user service\n\n[Service]\n${extra}ExecStart=${exec}\n\n[Install]\nWantedBy=default.target\n`;
const web = (version: string) => service(`/bin/sh -c 'echo ${version} > %h/web.out; exec sleep infinity'`);
const BAD = service("/bin/false", "Type=oneshot\n");

/** A system configuration with alice, whose home has these user units (each wanted by default.target). */
function config(units: Record<string, string>): string {
  const files: Record<string, { text: string }> = {};
  for (const [name, text] of Object.entries(units)) {
    files[`.config/systemd/user/${name}`] = { text };
    files[`.config/systemd/user/default.target.wants/${name}`] = { text };
  }
  files[".config/example/marker.txt"] = { text: `${Object.keys(units).join(",")}\n` };
  return `import { defineConfig, homeManager } from "system-manager";
export default defineConfig({ modules: [homeManager, {
  nixpkgs: { hostPlatform: "x86_64-linux" },
  users: { groups: { alice: { gid: 5000 } }, users: { alice: { isNormalUser: true, uid: 5000, group: "alice", home: "/home/alice", createHome: true } } },
  "home-manager": { users: { alice: { home: { stateVersion: "24.05", file: ${JSON.stringify(files)} } } } },
}] });
`;
}

let guest: Container;
before(async () => {
  if (skip === undefined) guest = await bootProject();
});
after(async () => {
  await guest?.shutdown();
});

let step = 0;
/** Switches to a configuration; `home` is what alice's home activation (home-manager-alice.service) printed. */
async function switchTo(units: Record<string, string>): Promise<{ code: number; out: string; home: string }> {
  const file = `/root/units-${++step}.config.ts`;
  const w = await guest.run(`cat > ${file} <<'EOF'\n${config(units)}EOF`);
  assert.equal(w.code, 0, w.stderr);
  const r = await guest.run(`${CLI} switch --config ${file} 2>&1`, { timeoutMs: 5 * 60_000 });
  const home = await sh("journalctl -o cat _SYSTEMD_INVOCATION_ID=$(systemctl show -p InvocationID --value home-manager-alice.service)");
  return { code: r.code, out: r.stdout + r.stderr, home };
}

/** systemctl --user in alice's manager, as alice. */
async function userctl(args: string): Promise<string> {
  const r = await guest.run(`runuser -u alice -- env XDG_RUNTIME_DIR=/run/user/5000 systemctl --user ${args} || true`);
  return r.stdout.trim();
}
const sh = async (script: string) => (await guest.run(script)).stdout.trim();
const mainPid = () => userctl("show -p MainPID --value web.service");

test("without alice's user manager, the home activation skips with home-manager's message and succeeds", { skip }, async () => {
  const r = await switchTo({ "web.service": web("v1") });
  assert.equal(r.code, 0, r.out);
  assert.match(r.home, /^Activating reloadSystemd\nUser systemd daemon not running\. Skipping reload\.$/m, r.home);
  assert.equal(await sh("readlink /home/alice/.config/systemd/user/default.target.wants/web.service | grep -c home-files"), "1");
});

let firstPid = "";
test("with lingering, alice's manager starts what default.target wants: the linked unit is a real one", { skip }, async () => {
  const up = await guest.run("loginctl enable-linger alice && systemctl start user@5000.service && runuser -u alice -- env XDG_RUNTIME_DIR=/run/user/5000 systemctl --user is-system-running --wait");
  assert.match(up.stdout, /^(running|degraded)$/m, `alice's user manager did not come up:\n${up.stdout}${up.stderr}`);
  assert.equal(await userctl("is-active web.service"), "active");
  assert.equal(await sh("cat /home/alice/web.out"), "v1");
  firstPid = await mainPid();
});

test("a switch restarts the service whose ExecStart changed (stop, daemon-reload, start) and starts a new one", { skip }, async () => {
  const r = await switchTo({ "web.service": web("v2"), "extra.service": service("/bin/sleep infinity") });
  assert.equal(r.code, 0, r.out);
  assert.match(r.home, /^Stopping units: web\.service\nStarting units: extra\.service, web\.service$/m, r.home);
  assert.equal(await userctl("is-active web.service extra.service"), "active\nactive");
  assert.equal(await sh("cat /home/alice/web.out"), "v2");
  const pid = await mainPid();
  assert.ok(pid !== "0" && pid !== firstPid, `a new process: ${firstPid} → ${pid}`);
  assert.match(await userctl("show -p ExecStart --value web.service"), /echo v2/);
});

test("an unchanged service is left alone", { skip }, async () => {
  const before = await mainPid();
  const r = await switchTo({ "web.service": web("v2") });
  assert.equal(r.code, 0, r.out);
  assert.match(r.home, /^Stopping units: extra\.service$/m, r.home);
  assert.doesNotMatch(r.home, /web\.service/, r.home);
  assert.equal(await mainPid(), before);
});

test("removing it from the configuration stops it", { skip }, async () => {
  const r = await switchTo({});
  assert.equal(r.code, 0, r.out);
  assert.match(r.home, /^Stopping units: web\.service$/m, r.home);
  assert.equal(await userctl("is-active web.service extra.service"), "inactive\ninactive");
  assert.equal(await sh("test -e /home/alice/.config/systemd/user/web.service || echo gone"), "gone");
});

test("a user unit failing to start fails the switch, named with systemctl's message; the files are linked", { skip }, async () => {
  const r = await switchTo({ "bad.service": BAD });
  assert.notEqual(r.code, 0, r.out);
  assert.match(r.out, /Cannot restart home-manager-alice\.service/);
  assert.match(r.out, /Failed to start bad\.service: Job for bad\.service failed because the control process exited with error code\./);
  assert.equal(await sh("cat /home/alice/.config/example/marker.txt"), "bad.service");
});
