/**
 * A booted Debian 12 guest reachable over ssh as root, as the remote tests
 * need one: Debian's openssh-server on a loopback port of its own (the
 * guest shares the host's network), the test's key authorized, no Node
 * on its PATH. `sshOptions` are the --ssh-option arguments that reach it
 * with that key only: -F /dev/null and a temporary known_hosts, so the
 * machine's ~/.ssh is never read or written.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Container } from "./container.ts";
import { exec } from "./exec.ts";

const TIMEOUT = 10 * 60_000;

/** Makes the test's key in `work` (once); its path. */
export async function testKey(work: string): Promise<string> {
  const key = join(work, "key");
  assert.equal((await exec(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ssh-guest@e2e", "-f", key])).code, 0);
  return key;
}

/** What a test adds to its guest: more Debian packages, and a shell script run before sshd starts (it may use $PUBKEY, the key's public half). */
export interface SshGuestExtras {
  readonly packages?: readonly string[];
  readonly setup?: string;
}

/** Boots a guest with sshd on 127.0.0.1:`port` authorizing `key` for root. */
export async function bootSshGuest(port: number, key: string, extras: SshGuestExtras = {}): Promise<Container> {
  const guest = await Container.boot({});
  await guest.sh("rm -f /usr/local/bin/node /usr/local/bin/npm /usr/local/bin/npx");
  const packages = ["openssh-server", ...(extras.packages ?? [])].join(" ");
  const install = await guest.run(
    `printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages} >/dev/null; r=$?; rm -f /usr/sbin/policy-rc.d; exit $r`,
    { timeoutMs: TIMEOUT },
  );
  assert.equal(install.code, 0, `${install.stdout}${install.stderr}`);
  const pub = readFileSync(`${key}.pub`, "utf8").trim();
  await guest.sh(`printf 'Port ${port}\\nListenAddress 127.0.0.1\\nPasswordAuthentication no\\nKbdInteractiveAuthentication no\\nPermitRootLogin prohibit-password\\n' > /etc/ssh/sshd_config.d/e2e.conf
install -d -m 700 /root/.ssh && echo '${pub}' > /root/.ssh/authorized_keys
PUBKEY='${pub}'
${extras.setup ?? ""}
systemctl start ssh.service`);
  return guest;
}

/** The --ssh-option arguments that reach the guests with `key`, known hosts kept in `work`. */
export function sshOptionArgs(work: string, key: string): string[] {
  return ["-F", "/dev/null", "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", `UserKnownHostsFile=${join(work, "known_hosts")}`, "-o", "StrictHostKeyChecking=accept-new", "-o", "ConnectTimeout=10"].flatMap((o) => ["--ssh-option", o]);
}
