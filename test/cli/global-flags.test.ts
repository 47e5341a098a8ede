/**
 * The global flags, through the installed launcher on scratch roots (run
 * `node scripts/build.mjs` first): -v/--verbose before or after the
 * command prints the planner's decisions; --nix-option is --option (an
 * unknown name warned about, a bad value refused); --use-remote-sudo
 * warns and acts as --sudo; --ask-sudo-password asks once and feeds the
 * password to `sudo -S` (a fake sudo on PATH checks it arrives on its
 * stdin, run as nobody so that sudo is used at all; without a terminal
 * the password is read from stdin).
 */
import assert from "node:assert/strict";
import { spawnSync, type SpawnSyncOptionsWithStringEncoding } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, test } from "node:test";
import { systemFlake } from "../helpers/scratch-flake.ts";

const CLI = resolve(import.meta.dirname, "../../bin/system-manager.js");
const f = systemFlake("sm-global-flags-", `{ nixpkgs.hostPlatform = "x86_64-linux"; environment.etc."hello.txt".text = "hi\\n"; }`);
after(() => rmSync(f.dir, { recursive: true, force: true }));
const isRoot = process.getuid?.() === 0;

function sm(args: readonly string[], opts: Omit<SpawnSyncOptionsWithStringEncoding, "encoding"> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { ...opts, encoding: "utf8", env: { ...f.env, ...(opts.env ?? {}) } });
}
function fresh(name: string): string {
  const root = join(f.dir, name);
  mkdirSync(root);
  return root;
}

test("-v before or after the command prints the planner's decisions as debug lines on stderr", () => {
  const root = fresh("verbose");
  const r = sm(["-v", "switch", "--flake", f.flake, "--root", root, "--dry-run"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^debug: planner: generation 1: new to this host$/m);
  assert.match(r.stderr, /^debug: planner: create \/etc\/hello\.txt$/m);
  assert.match(r.stderr, /^debug: planner: units not switched: the target is --root/m);
  const after = sm(["switch", "--flake", f.flake, "--root", root, "--dry-run", "--verbose"]);
  assert.equal(after.status, 0, after.stderr);
  assert.match(after.stderr, /^debug: planner: generation 1/m);
  const quiet = sm(["switch", "--flake", f.flake, "--root", root, "--dry-run"]);
  assert.doesNotMatch(quiet.stderr, /debug:/);
});

test("--nix-option NAME VALUE is --option: an unknown name is warned about, a bad value refused, a missing value named", () => {
  const root = fresh("nix-option");
  const unknown = sm(["--nix-option", "frobnicate", "1", "build", "--flake", f.flake, "--root", root]);
  assert.equal(unknown.status, 0, unknown.stderr);
  assert.match(unknown.stderr, /warning: unknown setting 'frobnicate'/);
  const bad = sm(["build", "--flake", f.flake, "--root", root, "--nix-option", "max-call-depth", "lots"]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /setting 'max-call-depth' has invalid value 'lots'/);
  const missing = sm(["build", "--nix-option", "max-call-depth"]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /option '--nix-option' takes two arguments, NAME and VALUE/);
  const ignored = sm(["--nix-option", "abort-on-warn", "true", "generations", "--root", root]);
  assert.equal(ignored.status, 0, ignored.stderr);
  assert.match(ignored.stderr, /warning: --nix-option abort-on-warn ignored: 'generations' evaluates nothing/);
});

test("--use-remote-sudo warns as upstream and acts as --sudo; --ask-sudo-password is refused where nothing runs through sudo", () => {
  const root = fresh("remote-sudo");
  // As --sudo, it runs the command through sudo unless root: a fake sudo on PATH records that it was used and runs it.
  const bin = join(f.dir, "remote-sudo-bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "sudo"), `#!/bin/sh\ntouch "${bin}/used"\n[ "$1" = -- ] && shift\nexec "$@"\n`);
  chmodSync(join(bin, "sudo"), 0o755);
  const r = sm(["--use-remote-sudo", "deactivate", "--root", root, "--dry-run"], { env: { PATH: `${bin}:${process.env.PATH}` } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(existsSync(join(bin, "used")), !isRoot, "sudo is used exactly when not root");
  assert.match(r.stderr, /warning: --use-remote-sudo is deprecated and will be removed in a future release\. Use --sudo on the subcommand instead\./);
  const build = sm(["--ask-sudo-password", "build", "--flake", f.flake, "--root", root]);
  assert.equal(build.status, 1);
  assert.match(build.stderr, /Cannot use --ask-sudo-password with 'build': it runs nothing through sudo/);
});

test("--ask-sudo-password asks once and feeds the password to sudo -S on its stdin", { skip: isRoot ? false : "needs root, to run the CLI as nobody (as root, sudo is never used)" }, () => {
  const dir = join(f.dir, "sudo");
  const bin = join(dir, "bin");
  const root = join(dir, "root");
  mkdirSync(bin, { recursive: true });
  mkdirSync(root);
  // The fake sudo: expects -S, reads the password from stdin, records it and its arguments, runs the command.
  writeFileSync(join(bin, "sudo"), `#!/bin/sh\n[ "$1" = -S ] || { echo "no -S: $*" >&2; exit 9; }\nshift\nIFS= read -r pw\nprintf '%s\\n' "$pw" > "${dir}/password"\nprintf '%s\\n' "$*" > "${dir}/args"\n[ "$1" = -- ] && shift\nexec "$@"\n`);
  chmodSync(join(bin, "sudo"), 0o755);
  for (const p of [dir, bin, root, f.dir]) chownSync(p, 65534, 65534);
  // No controlling terminal (setsid: a new session): the password is the first line of stdin.
  const r = spawnSync("setsid", ["--wait", process.execPath, CLI, "--ask-sudo-password", "deactivate", "--root", root], {
    encoding: "utf8",
    uid: 65534,
    gid: 65534,
    input: "s3cret pass\n",
    env: { PATH: `${bin}:${process.env.PATH}`, HOME: dir, XDG_CACHE_HOME: join(dir, "cache") },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(dir, "password"), "utf8"), "s3cret pass\n");
  assert.match(readFileSync(join(dir, "args"), "utf8"), /^-- .*system-manager\.js activate --root .*\/sudo\/root --nothing\n$/);
  assert.match(r.stderr, /Deactivating/);
});

test("--ask-sudo-password on a terminal: the prompt is shown there and the password is not echoed", { skip: !isRoot ? "needs root, to run the CLI as nobody" : spawnSync("script", ["--version"]).status !== 0 ? "util-linux's script is not installed" : false }, () => {
  const dir = join(f.dir, "sudo-tty");
  const bin = join(dir, "bin");
  const root = join(dir, "root");
  mkdirSync(bin, { recursive: true });
  mkdirSync(root);
  writeFileSync(join(bin, "sudo"), `#!/bin/sh\n[ "$1" = -S ] || exit 9\nshift\nIFS= read -r pw\nprintf '%s\\n' "$pw" > "${dir}/password"\n[ "$1" = -- ] && shift\nexec "$@"\n`);
  chmodSync(join(bin, "sudo"), 0o755);
  for (const p of [dir, bin, root, f.dir]) chownSync(p, 65534, 65534);
  // script(1) gives the CLI a terminal; the password is typed once the prompt had time to turn echo off.
  const cmd = `${process.execPath} ${CLI} --ask-sudo-password deactivate --root ${root} --dry-run`;
  const r = spawnSync("sh", ["-c", `(sleep 2; printf 'tty secret\\n') | script -qec "${cmd}" /dev/null`], {
    encoding: "utf8",
    uid: 65534,
    gid: 65534,
    env: { PATH: `${bin}:${process.env.PATH}`, HOME: dir, XDG_CACHE_HOME: join(dir, "cache") },
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^Enter sudo password: \r\n/);
  assert.doesNotMatch(r.stdout, /tty secret/);
  assert.match(r.stdout, /Dry run: nothing was changed\./);
  assert.equal(readFileSync(join(dir, "password"), "utf8"), "tty secret\n");
});
