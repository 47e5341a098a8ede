/**
 * system-manager's users and groups example, in our own words, switched
 * as a flake in a booted Debian 12 guest: a normal user declared with no
 * group gets the `users` group (gid 100) every configuration declares,
 * her home, her auxiliary groups (wheel, which Debian lacks and the
 * defaults add because she uses it, and a group of the configuration) and an initial
 * password, and logs in; a service account gets its own group and home.
 * Every group the guest had before keeps its line exactly.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { bootProject, CLI, e2eSkipReason } from "./project.ts";

const skip = e2eSkipReason();

const FLAKE = `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { system-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [
        {
          nixpkgs.hostPlatform = "x86_64-linux";
          users.users.carol = {
            isNormalUser = true;
            description = "Carol Example";
            extraGroups = [ "wheel" "builders" ];
            initialPassword = "first-login";
          };
          users.users.reporter = {
            isSystemUser = true;
            group = "reporter";
            home = "/var/lib/reporter";
            createHome = true;
            description = "Report generator";
          };
          users.groups.reporter = { };
          users.groups.builders = { };
        }
      ];
    };
  };
}
`;

let guest: Container;
let groupsBefore = "";
before(async () => {
  if (skip !== undefined) return;
  guest = await bootProject();
  groupsBefore = (await guest.run("cat /etc/group")).stdout;
});
after(async () => {
  await guest?.shutdown();
});

test("the users example switches: carol is created in users (100) with wheel and builders, the service account in its own group", { skip }, async () => {
  const prep = await guest.run(`mkdir -p /root/users && cat > /root/users/flake.nix <<'EOF'\n${FLAKE}EOF`);
  assert.equal(prep.code, 0, prep.stderr);
  const r = await guest.run(`${CLI} switch --flake /root/users`, { timeoutMs: 600_000 });
  assert.equal(r.code, 0, `switch failed:\n${r.stdout}${r.stderr}`);
  const ids = await guest.run("id -g carol; id -Gn carol | tr ' ' '\\n' | sort | tr '\\n' ' '; echo; getent passwd carol | cut -d: -f5-7; stat -c '%U:%G %a' /home/carol");
  assert.equal(ids.stdout, "100\nbuilders users wheel \nCarol Example:/home/carol:/bin/bash\ncarol:users 700\n", ids.stderr);
  const svc = await guest.run("id -u reporter; id -gn reporter; getent passwd reporter | cut -d: -f6; stat -c '%U:%G' /var/lib/reporter");
  const [uid, ...rest] = svc.stdout.trim().split("\n");
  assert.ok(Number(uid) < 1000, `a system user's uid is below 1000: ${uid}`);
  assert.deepEqual(rest, ["reporter", "/var/lib/reporter", "reporter:reporter"], svc.stderr);
});

test("carol logs in with runuser, and her initial password is set (not locked)", { skip }, async () => {
  const r = await guest.run("runuser -l carol -c 'id -un; echo $HOME; pwd'");
  assert.equal(r.stdout, "carol\n/home/carol\n/home/carol\n", r.stderr);
  const hash = await guest.run("getent shadow carol | cut -d: -f2");
  assert.match(hash.stdout, /^\$[^!*]/, "a crypt hash, not a lock");
});

test("every group the guest had keeps its line exactly; of the defaults Debian lacks only the used wheel is added", { skip }, async () => {
  const after = (await guest.run("cat /etc/group")).stdout;
  const lines = new Set(after.split("\n"));
  for (const line of groupsBefore.trim().split("\n")) assert.ok(lines.has(line), `${line} is kept as it was`);
  assert.ok(after.startsWith(groupsBefore), "in place, in order");
  for (const g of ["wheel:x:900:carol", "builders:", "reporter:"]) assert.ok(after.split("\n").some((l) => l.startsWith(g)), `${g} … is in /etc/group`);
  // The defaults nothing here uses (NixOS's nixbld, kvm, sgx, …) are not created on the host.
  for (const g of ["nixbld:", "kvm:", "sgx:", "render:"]) assert.ok(!after.split("\n").some((l) => l.startsWith(g)), `${g} is not in /etc/group`);
  const again = await guest.run(`${CLI} switch --flake /root/users`, { timeoutMs: 600_000 });
  assert.equal(again.code, 0, again.stdout + again.stderr);
  assert.match(again.stdout + again.stderr, /^No changes\.$/m);
});
