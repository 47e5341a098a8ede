/**
 * services.openssh under a --root tree shaped like a Debian host with
 * openssh-server: the generated sshd_config must pass the check (here the
 * host's sh is a stand-in judging like the sshd -t check: a file with
 * "Bogus" in it is a bad configuration option) before anything is
 * written. A rejected extraConfig stops switch and --dry-run and changes
 * nothing; an accepted one replaces the host's sshd_config (kept aside),
 * writes alice's authorized keys, masks ssh.service and ssh.socket (leaving
 * the host's sshd.service alias of ssh.service); deactivate gives everything back.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { lstatSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { join } from "node:path";
import { makeTree, snapshot, isRoot } from "../helpers/tree.ts";
import { build, seedSystem, switchTo, world } from "../helpers/system.ts";
import { activate } from "../../src/activate/activate.ts";

const skip = isRoot ? false : "needs root (files owned by root)";
const STORE = "/var/lib/system-manager/store";
const HOST_CONFIG = "Include /etc/ssh/sshd_config.d/*.conf\nKbdInteractiveAuthentication no\nUsePAM yes\n";
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGwuVmBTHPQhP7Fq2AJqTJcNpUNV3Ka0Jz2mjKDtvFrK alice@laptop";
/** Judges like the check (sh -c SCRIPT sshd-t FILE): logs the file; "Bogus" in it is a bad option. */
const FAKE_SH = `#!/bin/bash
echo "$4" >> "$(dirname "$0")/../../sshd-check.log"
[ "$1 $3" = "-c sshd-t" ] || { echo "sh: unexpected arguments" >&2; exit 2; }
if grep -q Bogus "$4"; then
  echo "$4: line $(grep -n Bogus "$4" | head -n 1 | cut -d: -f1): Bad configuration option: Bogus"
  echo "$4: terminating, 1 bad configuration options"
  exit 1
fi
`;

const hostRoot = () =>
  makeTree({
    "etc/ssh/sshd_config": { content: HOST_CONFIG, mode: 0o644 },
    "etc/systemd/system/sshd.service": { link: "/lib/systemd/system/ssh.service" },
    "lib/systemd/system/ssh.service": "[Service]\nExecStart=/usr/sbin/sshd -D\n",
    "usr/bin/sh": { content: FAKE_SH, mode: 0o755 },
  });
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
      assert.match(err.message, /^Cannot put \/etc\/ssh\/sshd_config in place: `\/usr\/bin\/sh -c .*\/usr\/sbin\/sshd -t -f "\$1"/s);
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
