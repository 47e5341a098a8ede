/**
 * NixOS's unit options on a booted Debian 12, through the real CLI and a
 * flake (issue #15's system-side parity): a service with `reload` and
 * `reloadTriggers` is reloaded, not restarted (its MainPID stays), when
 * only its triggers change; its alias resolves (`systemctl status` of the
 * alias names the unit); `overrideStrategy = "asDropin"` on a unit the
 * host has in /etc/systemd/system (installed by the test first, running)
 * adds an Environment= that `systemctl show` sees, and deactivate leaves
 * the host's unit file as it was, its environment without ours, and the
 * unit running; a `systemd.mounts` tmpfs is mounted; the unit a package of
 * `systemd.packages` ships (a store path built by the flake) starts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { CLI, e2eSkipReason, guestForFile } from "./project.ts";

const skip = e2eSkipReason();
const DIR = "/root/parity";
const SWITCH_TIMEOUT = 15 * 60_000;
const HOSTD = "[Unit]\nDescription=The host's own daemon\n\n[Service]\nExecStart=/bin/sleep infinity\n";

const flake = (trigger: string) => `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { system-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [ ({ pkgs, ... }: {
        nixpkgs.hostPlatform = "x86_64-linux";
        systemd.services.reloady = {
          description = "Reloads on its triggers";
          wantedBy = [ "multi-user.target" ];
          aliases = [ "reloady-alias.service" ];
          reloadTriggers = [ "${trigger}" ];
          script = "exec sleep infinity";
          reload = "echo reloaded >> /run/reloady.log";
          serviceConfig.Slice = "parity.slice";
        };
        systemd.slices.parity = { description = "Parity test slice"; sliceConfig.TasksMax = 64; };
        systemd.services.upheld = { upheldBy = [ "reloady.service" ]; script = "exec sleep infinity"; };
        systemd.services.hostd = {
          overrideStrategy = "asDropin";
          environment.FROM_DROPIN = "yes";
        };
        systemd.mounts = [ { what = "tmpfs"; where = "/mnt/paritytmp"; type = "tmpfs"; options = "size=4M,mode=0750"; wantedBy = [ "multi-user.target" ]; } ];
        systemd.packages = [ (pkgs.writeTextDir "lib/systemd/system/pkg-hello.service" ''
          [Unit]
          Description=Shipped by a package
          [Service]
          Type=oneshot
          RemainAfterExit=yes
          ExecStart=/bin/sh -c 'echo from the package > /run/pkg-hello'
        '') ];
      }) ];
    };
  };
}
`;

let guest: Container;
guestForFile(skip, (g) => (guest = g));

const sh = (script: string, timeoutMs?: number) => guest.sh(script, timeoutMs);
const show = (unit: string, prop: string) => sh(`systemctl show -p ${prop} --value ${unit}`).then((v) => v.trim());
const switchTo = async (trigger: string) => {
  await sh(`mkdir -p ${DIR} && cat > ${DIR}/flake.nix <<'EOF'\n${flake(trigger)}EOF`);
  const r = await guest.run(`${CLI} switch --flake ${DIR}`, { timeoutMs: SWITCH_TIMEOUT });
  return { code: r.code, out: `${r.stdout}${r.stderr}` };
};

let mainPid = "";

test("the host's own unit runs before the switch", { skip }, async () => {
  await sh(`cat > /etc/systemd/system/hostd.service <<'EOF'\n${HOSTD}EOF\nsystemctl daemon-reload && systemctl start hostd.service`);
  assert.equal(await show("hostd.service", "ActiveState"), "active");
});

test("switch: the service runs, its alias names it, the host's unit has our Environment=, the tmpfs is mounted, the package's unit starts", { skip }, async () => {
  const r = await switchTo("v1");
  assert.equal(r.code, 0, r.out);
  assert.equal(await show("reloady.service", "ActiveState"), "active");
  mainPid = await show("reloady.service", "MainPID");
  assert.match(mainPid, /^[1-9]\d*$/);
  assert.equal(await sh("readlink /etc/systemd/system/reloady-alias.service"), "reloady.service\n");
  assert.match(await sh("systemctl status --no-pager reloady-alias.service | head -n 1"), /^● reloady\.service - Reloads on its triggers$/m);
  assert.equal(await show("reloady-alias.service", "Id"), "reloady.service");

  assert.equal(await sh("cat /etc/systemd/system/hostd.service"), HOSTD, "the host's unit file is not replaced");
  assert.match(await show("hostd.service", "Environment"), /(^| )FROM_DROPIN=yes( |$)/);
  assert.match(await show("hostd.service", "DropInPaths"), /\/etc\/systemd\/system\/hostd\.service\.d\/overrides\.conf/);
  assert.equal(await show("hostd.service", "FragmentPath"), "/etc/systemd/system/hostd.service");
  assert.equal(await show("hostd.service", "ActiveState"), "active");

  assert.equal(await show("mnt-paritytmp.mount", "ActiveState"), "active");
  assert.equal(await sh("findmnt -n -o FSTYPE,OPTIONS /mnt/paritytmp | awk '{print $1}'"), "tmpfs\n");

  assert.equal(await show("reloady.service", "Slice"), "parity.slice");
  assert.equal(await show("parity.slice", "TasksMax"), "64");
  assert.match(await show("reloady.service", "Upholds"), /(^| )upheld\.service( |$)/);
  await sh("for i in $(seq 50); do systemctl is-active -q upheld.service && break; sleep 0.2; done");
  assert.equal(await show("upheld.service", "ActiveState"), "active", "started by the unit that upholds it");
  await sh("systemctl stop upheld.service; for i in $(seq 50); do systemctl is-active -q upheld.service && break; sleep 0.2; done");
  assert.equal(await show("upheld.service", "ActiveState"), "active", "Upholds= starts it again");
  assert.equal(await sh("systemd-analyze verify /etc/systemd/system/reloady.service /etc/systemd/system/mnt-paritytmp.mount /etc/systemd/system/parity.slice 2>&1 | grep -v -e 'is not executable' -e '^$' || true"), "");

  assert.equal(await show("pkg-hello.service", "LoadState"), "loaded");
  await sh("systemctl start pkg-hello.service");
  assert.equal(await show("pkg-hello.service", "ActiveState"), "active");
  assert.equal(await sh("cat /run/pkg-hello"), "from the package\n");
});

test("only the reload triggers change: the service is reloaded, its MainPID unchanged", { skip }, async () => {
  const r = await switchTo("v2");
  assert.equal(r.code, 0, r.out);
  // switch prints its plan before applying it: "would reload the following units: …".
  assert.match(r.out, /would reload the following units: reloady\.service\n/);
  assert.doesNotMatch(r.out, /would (stop|restart|start) the following units: [^\n]*reloady\.service/);
  assert.equal(await show("reloady.service", "MainPID"), mainPid);
  assert.equal(await sh("cat /run/reloady.log"), "reloaded\n");
});

test("a second switch with the same configuration changes nothing", { skip }, async () => {
  const r = await switchTo("v2");
  assert.equal(r.code, 0, r.out);
  assert.doesNotMatch(r.out, /the following units: [^\n]*reloady\.service/);
  assert.equal(await show("reloady.service", "MainPID"), mainPid);
  assert.equal(await sh("cat /run/reloady.log"), "reloaded\n");
});

test("deactivate: the alias, mount and drop-in go; the host's unit is as it was and runs", { skip }, async () => {
  const r = await guest.run(`${CLI} deactivate`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  assert.equal(await sh("cat /etc/systemd/system/hostd.service"), HOSTD);
  assert.equal(await sh("test -e /etc/systemd/system/hostd.service.d && echo left || echo gone"), "gone\n");
  assert.doesNotMatch(await show("hostd.service", "Environment"), /FROM_DROPIN/);
  assert.equal(await show("hostd.service", "ActiveState"), "active");
  assert.equal(await sh("test -e /etc/systemd/system/reloady-alias.service && echo left || echo gone"), "gone\n");
  assert.equal(await show("reloady.service", "ActiveState"), "inactive");
  assert.equal(await sh("findmnt -n /mnt/paritytmp >/dev/null && echo mounted || echo unmounted"), "unmounted\n");
});

test("systemd.packages with a Debian package of pkgs (cron): its .deb's cron.service is linked and loads", { skip }, async () => {
  const cron = `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { system-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [ ({ pkgs, ... }: { nixpkgs.hostPlatform = "x86_64-linux"; systemd.packages = [ pkgs.cron ]; }) ];
    };
  };
}
`;
  await sh(`mkdir -p ${DIR} && cat > ${DIR}/flake.nix <<'EOF'\n${cron}EOF`);
  const r = await guest.run(`${CLI} switch --flake ${DIR}`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  assert.match(await sh("readlink -f /etc/systemd/system/cron.service"), /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-cron[^/]*\/lib\/systemd\/system\/cron\.service\n$/);
  assert.equal(await show("cron.service", "LoadState"), "loaded");
  assert.match(await sh("systemctl cat cron.service"), /^ExecStart=\/usr\/sbin\/cron -f/m);
});
