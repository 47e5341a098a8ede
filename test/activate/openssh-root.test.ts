/**
 * services.openssh under a --root tree shaped like a Debian host with
 * openssh-server: the generated sshd_config must pass the sshd -t check
 * before anything is written. The check is the module's own script, run
 * by a copy of the real dash with the real ssh-keygen (a link) and a
 * stand-in for the root's sshd. A rejected extraConfig stops switch and
 * --dry-run and changes nothing, as does a root without sshd; an accepted
 * one replaces the host's sshd_config (kept aside), writes alice's
 * authorized keys, masks ssh.service and ssh.socket (leaving the host's
 * sshd.service alias of ssh.service); deactivate gives everything back.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, lstatSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { join } from "node:path";
import { makeTree, snapshot, isRoot } from "../helpers/tree.ts";
import { build, seedSystem, switchTo, world } from "../helpers/system.ts";
import { activate } from "../../src/activate/activate.ts";

const skip = isRoot ? false : "needs root (files owned by root)";
const STORE = "/var/lib/system-manager/store";
const HOST_CONFIG = "Include /etc/ssh/sshd_config.d/*.conf\nKbdInteractiveAuthentication no\nUsePAM yes\n";
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGwuVmBTHPQhP7Fq2AJqTJcNpUNV3Ka0Jz2mjKDtvFrK alice@laptop";
/**
 * Judges like Debian's sshd -t as the check runs it (-t -f FILE -o HostKey=KEY): the throw-away key must exist;
 * "Bogus" in the file is a bad option; a good file still ends as an sshd with no host keys and no /run/sshd would.
 */
const FAKE_SSHD = `#!/bin/sh
echo "$3" >> "$(dirname "$0")/../../sshd-check.log"
[ "$1 $2 $4" = "-t -f -o" ] || { echo "sshd: unexpected arguments $*" >&2; exit 2; }
[ -s "\${5#HostKey=}" ] || { echo "sshd: no hostkeys available -- exiting." >&2; exit 1; }
if grep -q Bogus "$3"; then
  echo "$3: line $(grep -n Bogus "$3" | head -n 1 | cut -d: -f1): Bad configuration option: Bogus" >&2
  echo "$3: terminating, 1 bad configuration options" >&2
  exit 255
fi
echo "Unable to load host key: /etc/ssh/ssh_host_rsa_key" >&2
echo "Missing privilege separation directory: /run/sshd" >&2
exit 255
`;

/** The root with this machine's dash copied in (the check runs no program through a link). */
function hostRoot(withSshd = true): string {
  const root = makeTree({
    "etc/ssh/sshd_config": { content: HOST_CONFIG, mode: 0o644 },
    "etc/systemd/system/sshd.service": { link: "/lib/systemd/system/ssh.service" },
    "lib/systemd/system/ssh.service": "[Service]\nExecStart=/usr/sbin/sshd -D\n",
    "usr/bin/ssh-keygen": { link: "/usr/bin/ssh-keygen" },
    ...(withSshd ? { "usr/sbin/sshd": { content: FAKE_SSHD, mode: 0o755 } } : {}),
  });
  copyFileSync("/usr/bin/dash", join(root, "usr/bin/dash"));
  return root;
}
const openssh = (extraConfig = "") => ({
  services: { openssh: { enable: true, ports: [2222], settings: { PasswordAuthentication: false }, extraConfig } },
  users: { users: { alice: { isNormalUser: true, openssh: { authorizedKeys: { keys: [KEY] } } } } },
});
/** A file's text under the root, following links as the host would (their targets are host paths). */
function readInRoot(root: string, path: string): string {
  const p = join(root, path);
  return lstatSync(p).isSymbolicLink() ? readInRoot(root, readlinkSync(p)) : readFileSync(p, "utf8");
}
const outsideStore = (root: string) => snapshot(root, [STORE]);

test("an sshd_config sshd rejects stops switch and --dry-run with sshd's words and the options; nothing changes", { skip }, async () => {
  const root = hostRoot();
  try {
    const storePath = await build(root, [seedSystem, openssh("Bogus yes")]);
    const before = outsideStore(root);
    for (const dryRun of [true, false]) {
      const err = await activate(world(root), { storePath }, dryRun).then(
        () => assert.fail("activation went ahead"),
        (e: Error) => e,
      );
      assert.match(err.message, /^Cannot put \/etc\/ssh\/sshd_config in place: `\/usr\/bin\/dash -c \. "\$\{1%\/\*\}\/sshd_config\.check" sshd-t %s' \(with %s = \/var\/lib\/system-manager\/store\/[a-z0-9]{32}-system-manager\/etc\/ssh\/sshd_config\) rejected it \(exit status 1\):\n/);
      assert.match(err.message, /\n {2}\S+\/etc\/ssh\/sshd_config: line \d+: Bad configuration option: Bogus\n/);
      assert.match(err.message, /It is made by `services\.openssh\.settings' \(defined in [^)]*\), `services\.openssh\.extraConfig' \(defined in [^)]*\/cfg\/system\.config\.ts/);
      assert.match(err.message, /\nNothing was changed\.$/);
      assert.deepEqual(outsideStore(root), { ...before, "/sshd-check.log": outsideStore(root)["/sshd-check.log"] as string }, dryRun ? "dry run" : "switch");
    }
    assert.equal(readFileSync(join(root, "etc/ssh/sshd_config"), "utf8"), HOST_CONFIG);
    assert.equal(readlinkSync(join(root, "etc/systemd/system/sshd.service")), "/lib/systemd/system/ssh.service");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("a root without sshd cannot check sshd_config: refused, naming what to install; nothing changes", { skip }, async () => {
  const root = hostRoot(false);
  try {
    const storePath = await build(root, [seedSystem, openssh()]);
    const before = outsideStore(root);
    await assert.rejects(activate(world(root), { storePath }, false), /rejected it \(exit status 1\):\n {2}\/usr\/sbin\/sshd is not on this host \(install Debian's openssh-server\)\n/);
    assert.deepEqual(outsideStore(root), before);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("an accepted sshd_config replaces the host's (kept aside) with the keys file and masks; deactivate gives the host's back", { skip }, async () => {
  const root = hostRoot();
  try {
    const { storePath } = await switchTo(root, [seedSystem, openssh()]);
    const text = readInRoot(root, "/etc/ssh/sshd_config");
    assert.match(text, /^PasswordAuthentication no\n(.|\n)*^Port 2222\n(.|\n)*^AuthorizedKeysFile %h\/\.ssh\/authorized_keys \/etc\/ssh\/authorized_keys\.d\/%u\n/m);
    assert.equal(readFileSync(join(root, "etc/ssh/sshd_config.system-manager-backup"), "utf8"), HOST_CONFIG);
    assert.equal(readFileSync(join(root, "sshd-check.log"), "utf8"), `${root}${storePath}/etc/ssh/sshd_config\n`);
    assert.equal(readInRoot(root, "/etc/ssh/authorized_keys.d/alice"), `${KEY}\n\n`);
    for (const unit of ["ssh.service", "ssh.socket"]) assert.equal(readlinkSync(join(root, readlinkSync(join(root, "etc/systemd/system", unit)))), "/dev/null", unit);
    assert.equal(readlinkSync(join(root, "etc/systemd/system/sshd.service")), "/lib/systemd/system/ssh.service", "the host's alias of ssh.service, masked with it");
    assert.ok(lstatSync(join(root, "etc/systemd/system/ssh-system-manager.service")).isSymbolicLink() || lstatSync(join(root, "etc/systemd/system/ssh-system-manager.service")).isFile());

    await activate(world(root), "nothing", false);
    assert.equal(readFileSync(join(root, "etc/ssh/sshd_config"), "utf8"), HOST_CONFIG);
    assert.equal(readlinkSync(join(root, "etc/systemd/system/sshd.service")), "/lib/systemd/system/ssh.service");
    for (const gone of ["etc/ssh/authorized_keys.d/alice", "etc/systemd/system/ssh.service", "etc/systemd/system/ssh.socket", "etc/ssh/sshd_config.system-manager-backup"]) {
      assert.throws(() => lstatSync(join(root, gone)), /ENOENT/, gone);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
