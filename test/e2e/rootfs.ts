/**
 * The guest's root file system: a Debian 12 (bookworm) minbase made with
 * debootstrap, with systemd, dbus, logind's PAM module and sudo, and
 * nothing a newcomer's fresh Debian would lack that the project then
 * relies on: no git, no ripgrep, no patchelf (the seed installs git and
 * ripgrep for alice from the archive). Node and npm are the host's, bound
 * at boot under /opt/node (node.ts); the rootfs only has the commands on
 * PATH, /usr/local/bin/{node,npm,npx}, pointing there. It is built once
 * and cached under /var/cache/system-manager-e2e/
 * (SM_E2E_CACHE overrides it) in a directory named by a hash of the
 * package list and setup, so changing either builds a new one. A cached
 * tree is never written again: every boot puts an overlay on top of it.
 * Builds are serialised between processes with flock(2).
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exec, haveCommand, mustExec } from "./exec.ts";
import { GUEST_NODE_LINKS } from "./node.ts";

const SUITE = "bookworm";
const MIRROR = process.env.SM_E2E_MIRROR ?? "http://deb.debian.org/debian";
// No git, ripgrep or patchelf: the seed installs git and ripgrep for alice from the archive, into her profile,
// and whatever the product needs beyond a fresh Debian it must fetch itself.
const PACKAGES = ["systemd", "systemd-sysv", "dbus", "dbus-user-session", "libpam-systemd", "sudo", "procps"];

/** Shell run in the new tree (chroot) before it is frozen. */
const SETUP = [
  "echo e2e > /etc/hostname",
  // As Debian's installer writes it: the host name resolves (sudo warns otherwise).
  "printf '127.0.0.1\\tlocalhost\\n127.0.1.1\\te2e\\n::1\\tlocalhost ip6-localhost ip6-loopback\\n' > /etc/hosts",
  // No logins are needed, and without udev a serial getty would wait 90 s for its device.
  "systemctl mask getty.target console-getty.service serial-getty@ttyS0.service",
  // No apt runs in the middle of a test.
  "systemctl disable apt-daily.timer apt-daily-upgrade.timer || true",
  // node, npm and npx on PATH as a Node install puts them, into the host's Node bound at boot (node.ts).
  ...GUEST_NODE_LINKS.map(([link, target]) => `ln -s ${target} ${link}`),
  "apt-get clean",
].join("\n");

export const CACHE = process.env.SM_E2E_CACHE ?? "/var/cache/system-manager-e2e";
const KEY = createHash("sha256").update(JSON.stringify([1, SUITE, MIRROR, PACKAGES, SETUP])).digest("hex").slice(0, 12);
export const IMAGE = join(CACHE, `${SUITE}-${KEY}`);
const ROOTFS = join(IMAGE, "rootfs");
const STAMP = join(IMAGE, "rootfs.ok");

/** Installs a Debian package when the command it provides is missing. */
export async function need(command: string, pkg: string): Promise<void> {
  if (await haveCommand(command)) return;
  let r = await exec(["apt-get", "install", "-y", "--no-install-recommends", pkg]);
  if (r.code !== 0) {
    await exec(["apt-get", "update"]);
    r = await exec(["apt-get", "install", "-y", "--no-install-recommends", pkg]);
  }
  if (r.code !== 0) throw new Error(`Cannot install ${pkg}:\n${r.stderr}`);
}

/**
 * Takes an exclusive flock on `file` for as long as the returned function is
 * not called: flock(1) locks our descriptor's open file, which stays locked
 * after it exits because we keep the descriptor.
 */
async function lock(file: string): Promise<() => void> {
  const fd = openSync(file, "a");
  const r = await exec(["flock", "-x", "0"], { stdio: [fd, "ignore", "pipe"] });
  if (r.code !== 0) throw new Error(`Cannot lock ${file}: ${r.stderr}`);
  return () => closeSync(fd);
}

export interface Rootfs {
  readonly path: string;
  /** Milliseconds spent building it (0 when it was cached). */
  readonly builtMs: number;
}

export async function ensureRootfs(log: (line: string) => void = () => undefined): Promise<Rootfs> {
  if (existsSync(STAMP)) return { path: ROOTFS, builtMs: 0 };
  mkdirSync(CACHE, { recursive: true });
  const unlock = await lock(join(CACHE, ".lock"));
  try {
    if (existsSync(STAMP)) return { path: ROOTFS, builtMs: 0 };
    const t0 = Date.now();
    await need("debootstrap", "debootstrap");
    const tmp = join(IMAGE, "rootfs.tmp");
    rmSync(IMAGE, { recursive: true, force: true });
    mkdirSync(IMAGE, { recursive: true });
    log(`debootstrap ${SUITE} into ${tmp}`);
    const r = await exec(["debootstrap", "--variant=minbase", `--include=${PACKAGES.join(",")}`, SUITE, tmp, MIRROR], { timeoutMs: 15 * 60_000 });
    writeFileSync(join(IMAGE, "debootstrap.log"), r.stdout + r.stderr);
    if (r.code !== 0) throw new Error(`debootstrap failed (see ${IMAGE}/debootstrap.log):\n${(r.stdout + r.stderr).split("\n").slice(-20).join("\n")}`);
    await mustExec(["chroot", tmp, "/bin/sh", "-ec", SETUP]);
    renameSync(tmp, ROOTFS);
    writeFileSync(STAMP, `${new Date().toISOString()}\n`);
    return { path: ROOTFS, builtMs: Date.now() - t0 };
  } finally {
    unlock();
  }
}
