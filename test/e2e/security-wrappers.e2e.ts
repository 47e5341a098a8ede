/**
 * security.wrappers on a booted Debian 12: a script source, and a
 * capability without the host's setcap, are refused by switch and
 * --dry-run (exit 1, naming the option) with nothing changed; then a
 * setuid copy of /usr/bin/id runs with euid 0 for alice and comes first
 * in her login PATH, a copy of cat with cap_dac_read_search reads
 * /etc/shadow where her cat cannot, on a tmpfs /run/wrappers; after a
 * reboot they are back; a switch with fewer wrappers swaps the set; a
 * flake's wrapper of a package's ping gets its capability; and
 * deactivate takes them, the unit and the mount away.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { CLI, e2eSkipReason, guestForFile } from "./project.ts";

const skip = e2eSkipReason();

const config = (wrappers: string) => `import { defineConfig } from "system-manager";
export default defineConfig({ modules: [{
  nixpkgs: { hostPlatform: "x86_64-linux" },
  users: {
    groups: { alice: { gid: 5000 } },
    users: { alice: { isNormalUser: true, uid: 5000, group: "alice", initialPassword: "pw" } },
  },
  security: { wrappers: ${wrappers} },
}] });
`;

const ID = `id: { source: "/usr/bin/id", owner: "root", group: "root", setuid: true }`;
const CAT = `catshadow: { source: "/usr/bin/cat", owner: "root", group: "root", capabilities: "cap_dac_read_search+ep" }`;

let guest: Container;
guestForFile(skip, (g) => (guest = g));

const sh = (script: string, timeoutMs?: number) => guest.sh(script, timeoutMs);

/** What of the wrappers the host has: the mount, the unit, the links and files under /run/wrappers, the profile line. */
const STATE = [
  "{ findmnt -n -o FSTYPE,OPTIONS /run/wrappers || echo no-mount; } | tr -s ' ' | sed 's/,size=[^,]*//;s/,inode64//'",
  "systemctl is-active suid-sgid-wrappers.service || true",
  "ls /run/wrappers/bin 2>/dev/null | tr '\\n' ' '; echo",
  "grep -h wrappers /etc/profile.d/system-manager-path.sh /etc/environment.d/*.conf 2>/dev/null | grep -v '^#' || echo no-path",
].join("; ");

const write = (name: string, wrappers: string) => sh(`cat > /root/${name}.config.ts <<'EOF'\n${config(wrappers)}EOF`);

test("a script source, and capabilities on a host without setcap, are refused by switch and --dry-run naming the option; nothing changes", { skip }, async () => {
  await sh("printf '#!/bin/sh\\nid\\n' > /root/tool.sh && chmod 755 /root/tool.sh");
  await write("script", `{ ${ID}, tool: { source: "/root/tool.sh", owner: "root", group: "root", setuid: true } }`);
  await write("caps", `{ ${CAT} }`);
  const before = await sh(STATE);
  assert.equal(before, "no-mount\ninactive\n\nno-path\n");
  for (const flag of ["--dry-run", ""]) {
    const r = await guest.run(`${CLI} switch ${flag} --config /root/script.config.ts`);
    assert.equal(r.code, 1, `${flag}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /Cannot put \/etc\/system-manager\/security-wrappers in place: `\/usr\/bin\/dash %s check' \(with %s = \S+\) rejected it \(exit status 1\):\n\s+security\.wrappers\.tool\.source: \/root\/tool\.sh is a script: the kernel ignores setuid, setgid and file capabilities on scripts/, r.stderr);
    assert.match(r.stderr, /It is made by `security\.wrappers' \(defined in \/root\/script\.config\.ts\)\.\n\s+Nothing was changed\.\n$/, r.stderr);
    const caps = await guest.run(`${CLI} switch ${flag} --config /root/caps.config.ts`);
    assert.equal(caps.code, 1, `${flag}: ${caps.stdout}${caps.stderr}`);
    assert.match(caps.stderr, /security\.wrappers\.catshadow\.capabilities: setting capabilities needs \/usr\/sbin\/setcap, which this host lacks \(install Debian's libcap2-bin\)/, caps.stderr);
  }
  assert.equal(await sh(STATE), before);
  assert.equal(await sh("test -e /etc/system-manager && echo etc || echo no-etc; id alice >/dev/null 2>&1 && echo alice || echo no-alice"), "no-etc\nno-alice\n");
});

const ALICE = [
  "runuser -u alice -- /run/wrappers/bin/id | grep -o 'euid=0(root)' || echo no-euid",
  "runuser -l alice -c 'command -v id'",
  "runuser -u alice -- cat /etc/shadow >/dev/null 2>&1 && echo plain-cat-reads || echo plain-cat-refused",
  "runuser -u alice -- /run/wrappers/bin/catshadow /etc/shadow | grep -c '^root:'",
  "stat -c '%a %U:%G' /run/wrappers/bin/id /run/wrappers/bin/catshadow",
  "getcap /run/wrappers/bin/catshadow | sed 's/.* //'",
].join("; ");
const WORKING = "euid=0(root)\n/run/wrappers/bin/id\nplain-cat-refused\n1\n4511 root:root\n511 root:root\ncap_dac_read_search=ep\n";

test("switch: a setuid id gives alice euid 0 and is first in her login PATH; a cat with cap_dac_read_search reads /etc/shadow; on a tmpfs", { skip }, async () => {
  await sh("apt-get install -y -q --no-install-recommends libcap2-bin >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends libcap2-bin >/dev/null)", 300_000);
  await write("good", `{ ${ID}, ${CAT} }`);
  await sh(`${CLI} switch --config /root/good.config.ts`, 300_000);
  assert.equal(await sh(ALICE), WORKING);
  assert.equal(
    await sh(STATE),
    'tmpfs rw,nodev,relatime,mode=755\nactive\ncatshadow id \nexport PATH="/run/wrappers/bin:$PATH"\nPATH=/run/wrappers/bin:${PATH}\n',
  );
  assert.match(await sh("readlink /run/wrappers/bin; ls -d /run/wrappers/wrappers.*"), /^(wrappers\.\w{10})\n\/run\/wrappers\/\1\n$/);
});

test("after a reboot the wrappers are made again at boot", { skip }, async () => {
  await guest.reboot();
  assert.equal(await sh(ALICE), WORKING);
  assert.equal(await sh("systemctl is-active suid-sgid-wrappers.service"), "active\n");
});

test("a switch with fewer wrappers swaps the set at once (a reload): the dropped one is gone, no old directory is left", { skip }, async () => {
  const before = await sh("readlink /run/wrappers/bin");
  await write("fewer", `{ ${ID} }`);
  await sh(`${CLI} switch --config /root/fewer.config.ts`, 300_000);
  const after = await sh("readlink /run/wrappers/bin; ls /run/wrappers; ls /run/wrappers/bin");
  assert.notEqual(after.split("\n")[0], before.trim());
  assert.match(after, /^(wrappers\.\w{10})\nbin\n\1\nid\n$/);
  assert.match(await sh("journalctl -b --no-pager -u suid-sgid-wrappers.service -o cat | grep -c 'Reloaded\\|Reloading' || true"), /^[1-9]/);
});

const FLAKE = `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { self, system-manager }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [ ({ pkgs, ... }: {
        nixpkgs.hostPlatform = "x86_64-linux";
        users.groups.alice.gid = 5000;
        users.users.alice = { isNormalUser = true; uid = 5000; group = "alice"; initialPassword = "pw"; };
        security.wrappers.ping = {
          owner = "root";
          group = "root";
          capabilities = "cap_net_raw+ep";
          source = "\${pkgs.iputils}/bin/ping";
        };
      }) ];
    };
  };
}
`;

test("a flake's NixOS-style wrapper of a package's program (\${pkgs.iputils}/bin/ping, through the store's links): made with its capability, first in PATH, and it pings", { skip }, async () => {
  await sh(`mkdir -p /root/ping && cat > /root/ping/flake.nix <<'EOF'\n${FLAKE}EOF`);
  await sh(`${CLI} switch --flake /root/ping`, 600_000);
  assert.equal(
    await sh("ls /run/wrappers/bin; getcap /run/wrappers/bin/ping | sed 's/.* //'; runuser -l alice -c 'command -v ping'; runuser -u alice -- /run/wrappers/bin/ping -c 1 -W 5 127.0.0.1 >/dev/null && echo pinged"),
    "ping\ncap_net_raw=ep\n/run/wrappers/bin/ping\npinged\n",
  );
});

test("deactivate removes the wrappers, the unit, the tmpfs and the PATH lines", { skip }, async () => {
  await sh(`${CLI} deactivate`, 300_000);
  assert.equal(await sh(STATE), "no-mount\ninactive\n\nno-path\n");
  assert.equal(await sh("test -e /run/wrappers && echo left || echo gone; test -e /etc/systemd/system/suid-sgid-wrappers.service && echo unit || echo no-unit"), "gone\nno-unit\n");
});
