/**
 * --target-host over OpenSSH: a booted Debian 12 guest with Debian's
 * openssh-server on an unusual loopback port (the guest shares the
 * host's network), and neither our checkout nor Node on its PATH. From
 * this machine, outside the guest, `switch --target-host
 * root@127.0.0.1:PORT` builds here (into a temporary staging store),
 * copies the closure and activates it there with the generation's own
 * engine: the /etc file is in place, the unit runs, and the generation's
 * own CLI there lists the generation. A second switch with one /etc file
 * changed copies only the few changed store paths, held by a temporary GC
 * root there until the activation ends. A dry run prints the
 * target's plan and leaves its store, state and /etc byte-identical. A copy killed with
 * kill -9 leaves no partial store path, and running it again converges.
 * A non-root login deactivates through sudo with the password asked for;
 * a wrong one changes nothing. A dead port is a clear error, exit 1.
 * ssh here uses a key made for the test, -F /dev/null and a temporary
 * known_hosts: the machine's ~/.ssh is never read or written; the shared
 * connection's socket directory is under the test's TMPDIR.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Container } from "./container.ts";
import { exec, type Exec } from "./exec.ts";
import { e2eSkipReason, REPO } from "./project.ts";
import { bootSshGuest, sshOptionArgs, testKey } from "./ssh-guest.ts";

const skip = e2eSkipReason();
const PORT = 18163;
const DEAD_PORT = 18164;
const STORE = "/var/lib/system-manager/store";
const TIMEOUT = 10 * 60_000;

const flake = (text: string) => `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { system-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [ {
        nixpkgs.hostPlatform = "x86_64-linux";
        environment.etc."remote-hello".text = "${text}\\n";
        environment.systemPackages = [ system-manager.packages.x86_64-linux.default ];
        systemd.services.remote-hello = {
          wantedBy = [ "multi-user.target" ];
          script = "exec sleep infinity";
        };
      } ];
    };
  };
}
`;

let guest: Container;
let work = "";
let sshOptions: string[] = [];

before(async () => {
  if (skip !== undefined) return;
  work = mkdtempSync(join(tmpdir(), "sm-target-host-"));
  for (const d of ["home", "cache", "flake", "tmp"]) mkdirSync(join(work, d));
  const key = await testKey(work);
  // No Node on the target's PATH and no checkout in it (bootSshGuest): the generation brings its own runtime.
  guest = await bootSshGuest(PORT, key, {
    packages: ["sudo"],
    setup: `useradd -m -s /bin/bash -G sudo deploy && echo deploy:deploy-password | chpasswd
install -d -m 700 -o deploy -g deploy /home/deploy/.ssh && echo "$PUBKEY" > /home/deploy/.ssh/authorized_keys && chown deploy: /home/deploy/.ssh/authorized_keys`,
  });
  sshOptions = sshOptionArgs(work, key);
});

after(async () => {
  await guest?.shutdown();
  if (work !== "") rmSync(work, { recursive: true, force: true });
});

/** The CLI on this machine, as a user whose home and cache are the test's. */
function cli(args: readonly string[], stdin?: string): Promise<Exec> {
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: join(work, "home"), XDG_CACHE_HOME: join(work, "cache"), TMPDIR: join(work, "tmp"), LANG: "C.UTF-8" };
  if (stdin === undefined) return exec(["node", join(REPO, "bin/system-manager.js"), ...args], { env, timeoutMs: TIMEOUT });
  // No controlling terminal (setsid): --ask-sudo-password reads the password from stdin.
  const script = `printf '%s\\n' "$0" | exec setsid node "$@"`;
  return exec(["sh", "-c", script, stdin, join(REPO, "bin/system-manager.js"), ...args], { env, timeoutMs: TIMEOUT });
}

const writeFlake = (text: string) => writeFileSync(join(work, "flake", "flake.nix"), flake(text));
const remote = (user = "root", port = PORT) => ["--target-host", `${user}@127.0.0.1:${port}`, ...sshOptions];
const said = (r: Exec) => `exit ${r.code}\n${r.stdout}${r.stderr}`;
const copied = (r: Exec, t?: { diagnostic(message: string): void }) => {
  const m = /127\.0\.0\.1:\d+: copied (\d+) paths? \(([0-9.]+ (?:B|KiB|MiB))\), (\d+) already there/.exec(r.stderr);
  assert.ok(m !== null, said(r));
  t?.diagnostic(m[0]);
  return { paths: Number(m[1]), size: m[2] as string, present: Number(m[3]) };
};

test("switch --target-host builds here, copies the closure and activates it there with the generation's own engine", { skip }, async (t) => {
  writeFlake("hello from afar");
  const r = await cli(["switch", "--flake", join(work, "flake"), ...remote()]);
  assert.equal(r.code, 0, said(r));
  const c = copied(r, t);
  assert.equal(c.present, 0);
  assert.ok(c.paths >= 4 && /MiB$/.test(c.size), said(r));
  assert.match(r.stdout, new RegExp(`^${STORE}/[0-9a-z]{32}-`, "m"));
  assert.equal(await guest.sh("cat /etc/remote-hello"), "hello from afar\n");
  assert.equal((await guest.run("systemctl is-active remote-hello.service")).stdout, "active\n");
  assert.equal((await guest.run("command -v node")).code, 1, "the target has no node on its PATH");
  const gens = await guest.sh("/run/system-manager/sw/bin/system-manager generations");
  assert.match(gens, /^ +1 .*\(current\)$/m);
  assert.deepEqual(readdirSync(guest.hostPath("/var/lib/system-manager")).filter((n) => n.startsWith(".copy-")), []);
  assert.deepEqual(readdirSync(join(work, "tmp")).filter((n) => n.startsWith("sm-ssh-")), [], "the shared connection is closed");
});

test("a second switch with one /etc file changed copies only the changed store paths", { skip }, async (t) => {
  writeFlake("hello again");
  const logins = async () => (await guest.journal("ssh.service")).split("\n").filter((l) => l.includes("Accepted publickey for root")).length;
  const before = await logins();
  const r = await cli(["-v", "switch", "--flake", join(work, "flake"), ...remote()]);
  assert.equal(r.code, 0, said(r));
  const c = copied(r, t);
  // The copy's session held the closure as a temporary GC root of the connection's sshd process until the activation ended.
  const root = /the closure is a temporary GC root on root@127\.0\.0\.1:18163 until the activation ends: (\/var\/lib\/system-manager\/temproots\/[0-9]+\.[0-9]+)$/m.exec(r.stderr);
  assert.ok(root !== null, said(r));
  assert.equal(existsSync(guest.hostPath(root[1] as string)), false, "the root is released after the activation");
  assert.ok(c.paths >= 1 && c.paths <= 6, `only the changed paths: ${said(r)}`);
  assert.ok(/ (B|KiB)$/.test(c.size), `a small copy: ${c.size}`);
  assert.ok(c.present >= 3, said(r));
  assert.equal(await guest.sh("cat /etc/remote-hello"), "hello again\n");
  assert.match(await guest.sh("/run/system-manager/sw/bin/system-manager generations"), /^ +2 .*\(current\)$/m);
  assert.equal((await logins()) - before, 1, "the probe, the copy and the engine share one ssh connection");
});

test("switch --dry-run --target-host prints the target's plan and writes nothing there: its store, state and /etc are byte-identical", { skip }, async (t) => {
  writeFlake("hello, dry");
  // Every entry's type, mode, owner, size, mtime and link target, every file's hash, and the mounts (but logind's /run/user/UID, which any login makes).
  const snapshot = async () =>
    (await guest.sh(`find /etc /var/lib/system-manager -xdev -printf '%p %y %m %U %G %s %T@ %l\\n' | sort; find /etc /var/lib/system-manager -xdev -type f -exec sha256sum {} + | sort; findmnt -rn -o TARGET,FSTYPE,SOURCE | grep -v '^/run/user/' | sort`)).split("\n");
  const before = await snapshot();
  const r = await cli(["switch", "--dry-run", "--flake", join(work, "flake"), ...remote()]);
  assert.equal(r.code, 0, said(r));
  t.diagnostic(r.stderr.split("\n").find((l) => l.includes("a dry run writes nothing")) ?? "");
  assert.match(r.stderr, /127\.0\.0\.1:18163: a dry run writes nothing there: the \d+ store paths? it lacks \([0-9.]+ (B|KiB|MiB)\) (is|are) shown to the engine in a private memory overlay/);
  assert.doesNotMatch(r.stderr, /copied \d+ path/);
  assert.match(`${r.stdout}${r.stderr}`, /\/etc\/remote-hello/, `the plan names the changed file: ${said(r)}`);
  const same = async (what: string) => {
    const after = await snapshot();
    const gone = before.filter((l) => !after.includes(l));
    const came = after.filter((l) => !before.includes(l));
    assert.deepEqual({ gone, came }, { gone: [], came: [] }, `the target is as it was, ${what}`);
  };
  await same("after the dry run as root");
  // A non-root login through sudo with the password asked for: the same private overlay, through sudo -S.
  const sudo = await cli(["switch", "--dry-run", "--flake", join(work, "flake"), ...remote("deploy"), "--sudo", "--ask-sudo-password"], "deploy-password");
  assert.equal(sudo.code, 0, said(sudo));
  assert.match(`${sudo.stdout}${sudo.stderr}`, /\/etc\/remote-hello/, said(sudo));
  await same("after the dry run through sudo");
  assert.equal(await guest.sh("cat /etc/remote-hello"), "hello again\n");
});

test("a copy killed with kill -9 leaves no partial store path there, and running it again converges", { skip }, async (t) => {
  const other = "/srv/other";
  await guest.sh(`mkdir -p ${other}`);
  const args = ["build", "--flake", join(work, "flake"), ...remote(), "--root", other];
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: join(work, "home"), XDG_CACHE_HOME: join(work, "cache"), TMPDIR: join(work, "tmp"), LANG: "C.UTF-8" };
  // Its own process group: the kill takes the CLI, its tar and its ssh at once.
  const child = spawn("node", [join(REPO, "bin/system-manager.js"), ...args], { env, detached: true, stdio: "ignore" });
  const parent = guest.hostPath(`${other}/var/lib/system-manager`);
  const deadline = Date.now() + 5 * 60_000;
  // Killed once the archive is arriving: something is unpacked in the copy's temporary directory.
  const arriving = () => existsSync(parent) && readdirSync(parent).some((n) => n.startsWith(".copy-") && existsSync(join(parent, n, "x")) && readdirSync(join(parent, n, "x")).length > 0);
  while (Date.now() < deadline && !arriving()) await new Promise((r) => setTimeout(r, 5));
  assert.ok(arriving(), "the copy began");
  process.kill(-(child.pid as number), "SIGKILL");
  await new Promise((r) => child.once("exit", r));
  const staged = join(work, "cache", "system-manager", "staging", STORE);
  // Whatever is in the store there is whole: the same tree as here.
  const placed = existsSync(guest.hostPath(`${other}${STORE}`)) ? readdirSync(guest.hostPath(`${other}${STORE}`)) : [];
  t.diagnostic(`killed during the copy: ${placed.length} store path(s) were in place`);
  for (const name of placed) {
    const diff = await exec(["diff", "-r", "--no-dereference", join(staged, name), guest.hostPath(`${other}${STORE}/${name}`)]);
    assert.equal(diff.code, 0, `${name} is partial:\n${diff.stdout}${diff.stderr}`);
  }
  const r = await cli(args);
  assert.equal(r.code, 0, said(r));
  const c = copied(r, t);
  const path = r.stdout.trim().split("\n").pop() as string;
  assert.ok(path.startsWith(`${other}${STORE}/`), r.stdout);
  assert.ok(existsSync(guest.hostPath(`${path}/manifest.json`)));
  assert.ok(c.paths + c.present >= 4, said(r));
  // The killed copy's temporary directory is gone (removed by the re-run, or by the remote script's own exit).
  assert.deepEqual(readdirSync(parent).filter((n) => n.startsWith(".copy-")), []);
});

test("a non-root login deactivates through sudo with the password asked for; a wrong one changes nothing", { skip }, async () => {
  const wrong = await cli(["deactivate", ...remote("deploy"), "--sudo", "--ask-sudo-password"], "not-the-password");
  assert.equal(wrong.code, 1, said(wrong));
  assert.match(wrong.stderr, /sudo on deploy@127\.0\.0\.1:18163 refused the password given/);
  assert.equal(await guest.sh("cat /etc/remote-hello"), "hello again\n");
  const none = await cli(["deactivate", ...remote("deploy"), "--sudo"]);
  assert.equal(none.code, 1, said(none));
  assert.match(none.stderr, /asks for a password: add --ask-sudo-password/);
  const r = await cli(["deactivate", ...remote("deploy"), "--sudo", "--ask-sudo-password"], "deploy-password");
  assert.equal(r.code, 0, said(r));
  assert.equal((await guest.run("test -e /etc/remote-hello")).code, 1, "the /etc file is gone");
  assert.notEqual((await guest.run("systemctl is-active remote-hello.service")).stdout, "active\n");
});

test("an unreachable target is a clear error naming it, exit 1", { skip }, async () => {
  const r = await cli(["switch", "--flake", join(work, "flake"), ...remote("root", DEAD_PORT)]);
  assert.equal(r.code, 1, said(r));
  assert.match(r.stderr, /Cannot reach root@127\.0\.0\.1:18164 over ssh to find which store paths it lacks: .*Connection refused/s);
  assert.match(r.stderr, /Nothing was changed on root@127\.0\.0\.1:18164/);
});
