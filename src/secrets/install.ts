/**
 * Puts decrypted secrets in place as sops-install-secrets does: a ramfs
 * (or tmpfs with useTmpfs) on secretsMountPoint (/run/secrets.d, mode
 * 0751, nodev,nosuid,noexec), a fresh numbered directory in it holding
 * each secret with its owner, group and mode (and rendered templates
 * under rendered/), then symlinkPath (/run/secrets) swapped to it with one
 * rename, a secret's or template's own `path` linked to it, and the
 * generations beyond keepGenerations removed. It runs only after every
 * secret was decrypted (decrypt-all.ts). The units of secrets whose
 * content changed are returned for restarting; nothing is restarted when
 * there was no previous link (at boot: the units start with the secrets).
 */
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { basename, dirname, join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import type { Decrypted } from "./decrypt-all.ts";
import { RENDERED, type SecretsManifest } from "./manifest.ts";

export interface InstallOutcome {
  readonly restart: readonly string[];
  readonly reload: readonly string[];
  readonly changed: readonly string[];
  readonly directory: string;
}

function ids(file: string): Map<string, number> {
  if (!existsSync(file)) return new Map();
  return new Map(
    readFileSync(file, "utf8")
      .split("\n")
      .map((l) => l.split(":"))
      .filter((f) => f.length >= 3 && f[0] !== "")
      .map((f) => [f[0] as string, Number(f[2])]),
  );
}

function mounted(point: string): boolean {
  const info = existsSync("/proc/self/mountinfo") ? readFileSync("/proc/self/mountinfo", "utf8") : "";
  return info.split("\n").some((l) => l.split(" ")[4] === point);
}

function mountSecretFs(m: SecretsManifest, keysGid: number): void {
  mkdirSync(m.secretsMountPoint, { recursive: true, mode: 0o751 });
  if (!mounted(m.secretsMountPoint)) {
    const type = m.useTmpfs ? "tmpfs" : "ramfs";
    const r = spawnSync("mount", ["-t", type, "-o", "nodev,nosuid,noexec,mode=0751", "none", m.secretsMountPoint], { encoding: "utf8", env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" } });
    if (r.status !== 0) throw new UserError(`Cannot mount a ${type} on ${m.secretsMountPoint} for the secrets: ${(r.stderr || r.error?.message || "").trim()}`);
  }
  chownSync(m.secretsMountPoint, 0, keysGid);
}

function nextDirectory(m: SecretsManifest): string {
  let generation = 0;
  try {
    const target = readlinkSync(m.symlinkPath);
    if (target.startsWith(m.secretsMountPoint)) generation = Number.parseInt(basename(target), 10) || 0;
  } catch {
    // No link yet (installProblems refuses anything else standing there): the first directory.
  }
  const dir = join(m.secretsMountPoint, String(generation + 1));
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

const isLink = (p: string) => {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
};

function writeOwned(dir: string, name: string, content: Buffer, mode: string, uid: number, gid: number, keysGid: number): void {
  const file = join(dir, name);
  let parent = dir;
  for (const part of dirname(name).split("/").filter((p) => p !== "." && p !== "")) {
    parent = join(parent, part);
    mkdirSync(parent, { mode: 0o751, recursive: true });
    chownSync(parent, 0, keysGid);
  }
  // Created with no permissions, then owned, then given its mode: no moment where another user could open it.
  writeFileSync(file, content, { mode: 0o000 });
  chownSync(file, uid, gid);
  chmodSync(file, Number.parseInt(mode, 8));
}

function atomicLink(target: string, link: string): void {
  const tmp = `${link}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  symlinkSync(target, tmp);
  renameSync(tmp, link);
}

const readOld = (p: string) => {
  try {
    return readFileSync(p);
  } catch {
    return undefined;
  }
};

/**
 * What would stop the install, found before anything is written (also by
 * the --check a switch runs first): the secrets' link
 * (/run/secrets) standing as something other than a link, a name that
 * leaves the secrets directory, and a `path` where something other than a
 * link stands (a file or directory of the host's is never replaced;
 * sops-nix would remove it).
 */
export function installProblems(m: SecretsManifest): string[] {
  const named = [...m.secrets.map((s) => ({ what: `sops.secrets."${s.name}"`, name: s.name, at: join(m.symlinkPath, s.name), path: s.path })), ...m.templates.map((t) => ({ what: `sops.templates."${t.name}"`, name: t.name, at: join(m.symlinkPath, RENDERED, t.name), path: t.path }))];
  const standing = existsSync(m.symlinkPath) && !isLink(m.symlinkPath) ? [`${m.symlinkPath} exists and is not a link; system-manager does not replace it (move it away)`] : [];
  return standing.concat(named.flatMap((x) => [
    ...(x.name === "" || x.name.startsWith("/") || x.name.split("/").some((p) => p === ".." || p === ".") ? [`${x.what}: its name must be a relative path inside ${m.symlinkPath} (no "..")`] : []),
    ...(x.path !== x.at && !x.path.startsWith(`${m.symlinkPath}/`) && existsSync(x.path) && !isLink(x.path) ? [`${x.what}: its path ${x.path} exists and is not a link; system-manager does not replace it (move it away, or choose another path)`] : []),
  ]));
}

export function installSecrets(m: SecretsManifest, d: Decrypted): InstallOutcome {
  const problems = installProblems(m);
  if (problems.length > 0) throw new UserError(`Cannot install the secrets:\n${problems.map((l) => `- ${l}`).join("\n")}\nNothing was changed.`);
  const users = ids("/etc/passwd");
  const groups = ids("/etc/group");
  const keysGid = groups.get("keys") ?? 0;
  const uidOf = (owner: string | null, uid: number) => (owner === null || m.ignorePasswd ? uid : users.get(owner));
  const gidOf = (group: string | null, gid: number) => (group === null || m.ignorePasswd ? gid : groups.get(group));
  const missing = [...m.secrets.map((s) => ({ what: `sops.secrets."${s.name}"`, u: s.owner, g: s.group, uid: uidOf(s.owner, s.uid), gid: gidOf(s.group, s.gid) })), ...m.templates.map((t) => ({ what: `sops.templates."${t.name}"`, u: t.owner, g: t.group, uid: uidOf(t.owner, t.uid), gid: gidOf(t.group, t.gid) }))].flatMap((x) => [
    ...(x.uid === undefined ? [`${x.what}: owner ${x.u} is not a user of this host`] : []),
    ...(x.gid === undefined ? [`${x.what}: group ${x.g} is not a group of this host`] : []),
  ]);
  if (missing.length > 0) throw new UserError(`Cannot install the secrets:\n${missing.map((l) => `- ${l}`).join("\n")}\nNothing was changed.`);
  mountSecretFs(m, keysGid);
  const dir = nextDirectory(m);
  mkdirSync(dir, { mode: 0o751 });
  chownSync(dir, 0, keysGid);
  const hadLink = isLink(m.symlinkPath);
  const restart: string[] = [];
  const reload: string[] = [];
  const changed: string[] = [];
  for (const s of m.secrets) {
    const content = d.secrets.get(s.name) as Buffer;
    writeOwned(dir, s.name, content, s.mode, uidOf(s.owner, s.uid) as number, gidOf(s.group, s.gid) as number, keysGid);
    const old = readOld(join(m.symlinkPath, s.name));
    if (old === undefined || !old.equals(content)) {
      changed.push(s.name);
      restart.push(...s.restartUnits);
      reload.push(...s.reloadUnits);
    }
  }
  for (const t of m.templates) {
    const content = d.templates.get(t.name) as Buffer;
    mkdirSync(join(dir, RENDERED), { mode: 0o751, recursive: true });
    chownSync(join(dir, RENDERED), 0, keysGid);
    writeOwned(join(dir, RENDERED), t.name, content, t.mode, uidOf(t.owner, t.uid) as number, gidOf(t.group, t.gid) as number, keysGid);
    const old = readOld(join(m.symlinkPath, RENDERED, t.name));
    if (old === undefined || !old.equals(content)) {
      changed.push(`${RENDERED}/${t.name}`);
      restart.push(...t.restartUnits);
      reload.push(...t.reloadUnits);
    }
  }
  mkdirSync(dirname(m.symlinkPath), { recursive: true });
  atomicLink(dir, m.symlinkPath);
  const links = [...m.secrets.map((s) => [join(m.symlinkPath, s.name), s.path] as const), ...m.templates.map((t) => [join(m.symlinkPath, RENDERED, t.name), t.path] as const)];
  for (const [target, path] of links) {
    if (target === path) continue;
    mkdirSync(dirname(path), { recursive: true });
    if (isLink(path) && readlinkSync(path) === target) continue;
    atomicLink(target, path);
  }
  if (m.keepGenerations > 0) {
    const current = Number(basename(dir));
    for (const e of readdirSync(m.secretsMountPoint)) {
      const n = Number(e);
      if (/^\d+$/.test(e) && n !== current && current - m.keepGenerations >= n) rmSync(join(m.secretsMountPoint, e), { recursive: true, force: true });
    }
  }
  const uniq = (l: string[]) => [...new Set(l)].sort();
  return hadLink ? { restart: uniq(restart), reload: uniq(reload), changed, directory: dir } : { restart: [], reload: [], changed, directory: dir };
}
