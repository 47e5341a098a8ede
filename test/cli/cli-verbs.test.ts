/**
 * The verbs system-manager's CLI has beside build and switch, run through
 * the installed launcher on scratch roots (run `node scripts/build.mjs`
 * first; init has init.test.ts): register makes a generation current without
 * activating it (generations tells current from active; switch
 * --generation activates it); --store-path takes a generation built
 * already and names what is wrong with anything else; pre-populate
 * applies the very plan its --dry-run prints, with units left out;
 * --ephemeral puts /etc's entries under /run, but for the units' job
 * scripts, which the units run from /etc.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, test } from "node:test";
import { systemFlake } from "../helpers/scratch-flake.ts";

const CLI = resolve(import.meta.dirname, "../../bin/system-manager.js");
const HELLO = `{ nixpkgs.hostPlatform = "x86_64-linux"; environment.etc."hello.txt".text = "hi\\n"; systemd.services.cvdemo = { wantedBy = [ "system-manager.target" ]; serviceConfig.Type = "oneshot"; serviceConfig.ExecStart = "/bin/true"; }; }`;
const f = systemFlake("sm-cli-verbs-", HELLO);
after(() => rmSync(f.dir, { recursive: true, force: true }));

function sm(args: readonly string[], env: Record<string, string | undefined> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { ...f.env, ...env } });
}
function ok(args: readonly string[]) {
  const r = sm(args);
  assert.equal(r.status, 0, `${args.join(" ")}\n${r.stderr}`);
  return r;
}
function fresh(name: string): string {
  const root = join(f.dir, name);
  mkdirSync(root);
  return root;
}
/** Builds the flake into `root`; the generation's path as build prints it. */
const build = (root: string, flake = f.flake) => ok(["build", "--flake", flake, "--root", root]).stdout.trim().split("\n").pop() as string;
/** A file /etc links to in the root's store, read there (its link names the store as the target sees it). */
const rooted = (root: string, path: string) => readFileSync(join(root, readlinkSync(join(root, path))), "utf8");
const generations = (root: string) => ok(["generations", "--root", root]).stdout;
/** The plan as switch prints it, without the lines of what was done after it. */
/** The plan an activation printed: an ordinary user's run begins with a note that owners are not set, which a dry run has no reason to say. */
const planOf = (stderr: string) => {
  const plan = stderr.replace(/^note: not running as root, so owners are not set in .*\n\n/, "");
  return plan.slice(0, plan.search(/\n\n(wrote|created|Dry run)/));
};

test("register makes a generation current without activating it; generations says which is active; switch --generation activates it", () => {
  const root = fresh("register");
  ok(["switch", "--flake", f.flake, "--root", root]);
  const other = systemFlake("sm-cli-verbs-other-", `{ nixpkgs.hostPlatform = "x86_64-linux"; environment.etc."hello.txt".text = "other\\n"; }`);
  after(() => rmSync(other.dir, { recursive: true, force: true }));
  const r = ok(["register", "--flake", other.flake, "--root", root]);
  const path = r.stdout.trim().split("\n").pop() as string;
  assert.match(r.stderr, /Generation 2 is registered as current: .*\n.*not activated \(active: .*\); `system-manager switch --generation 2` activates it/);
  // Nothing but the profile's links changed.
  assert.equal(rooted(root, "etc/hello.txt"), "hi\n");
  assert.equal(readlinkSync(join(root, "var/lib/system-manager/profiles/system")), "system-2-link");
  const listed = generations(root).split("\n");
  assert.match(listed[0] as string, /^ {3}1 .*\(active\)$/);
  assert.match(listed[1] as string, /^ {3}2 .*\(current, registered: not activated\)$/);
  // Registering it again changes nothing.
  assert.match(ok(["register", "--store-path", path, "--root", root]).stderr, /Generation 2 is current already/);
  const s = ok(["switch", "--generation", "2", "--root", root]);
  assert.match(s.stderr, /Generation 2 \(registered, now activated\)/);
  assert.equal(rooted(root, "etc/hello.txt"), "other\n");
  assert.match(generations(root), /^ {3}2 .*\(current\)$/m);
  assert.doesNotMatch(generations(root), /active/);
});

test("switch --generation takes a positive whole number a generation can have, and names the one given otherwise", () => {
  const root = fresh("generation-numbers");
  ok(["switch", "--flake", f.flake, "--root", root]);
  for (const spec of ["abc", "0", "1.5", "01", "99999999999999999999"]) {
    const r = sm(["switch", "--generation", spec, "--root", root]);
    assert.equal(r.status, 1, spec);
    assert.equal(r.stderr, `error: Cannot use '${spec}' as a generation number: expected a positive whole number\n`);
  }
  const missing = sm(["switch", "--generation", "9007199254740991", "--root", root]);
  assert.match(missing.stderr, /Cannot switch to generation 9007199254740991: there is no such generation \(have: 1\)/);
});

test("register needs one of a configuration and --store-path, and refuses what is not a generation, changing nothing", () => {
  const root = fresh("register-bad");
  const none = sm(["register", "--root", root]);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /Cannot register: supply either a configuration .* or a store path/);
  const path = build(root);
  const both = sm(["register", "--flake", f.flake, "--store-path", path, "--root", root]);
  assert.equal(both.status, 1);
  assert.match(both.stderr, /supply only one of a configuration \(--config or --flake\), --store-path/);
  const notGen = join(root, "var/lib/system-manager/store/00000000000000000000000000000000-junk");
  mkdirSync(notGen);
  const junk = sm(["register", "--store-path", notGen, "--root", root]);
  assert.equal(junk.status, 1);
  assert.match(junk.stderr, /it has no manifest\.json \(is it a system-manager generation under this root\?\)/);
  const outside = sm(["register", "--store-path", f.dir, "--root", root]);
  assert.equal(outside.status, 1);
  assert.match(outside.stderr, /is not in the store of the root/);
  const missing = sm(["switch", "--store-path", join(root, "nope"), "--root", root]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /there is no such path/);
  assert.equal(existsSync(join(root, "var/lib/system-manager/profiles")), false);
});

test("switch --store-path activates a generation built already, given as build prints it, as the target sees it, or as a link", () => {
  const root = fresh("store-path");
  const path = build(root);
  const inRoot = path.slice(root.length);
  const r = ok(["switch", "--store-path", inRoot, "--root", root]);
  assert.match(r.stderr, /Generation 1 \(new\)/);
  assert.equal(rooted(root, "etc/hello.txt"), "hi\n");
  const link = join(f.dir, "result");
  spawnSync("ln", ["-sfn", path, link]);
  assert.match(ok(["switch", "--store-path", link, "--root", root]).stderr, /No changes\./);
  // The hidden low-level activate takes it too, and checks it alike.
  assert.match(ok(["activate", "--store-path", path, "--root", root]).stderr, /No changes\./);
  const bad = sm(["activate", "--store-path", f.dir, "--root", root]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /is not in the store of the root/);
  // deactivate --store-path: that generation's engine deactivates.
  const d = ok(["deactivate", "--store-path", path, "--root", root, "--dry-run"]);
  assert.match(d.stderr, /Deactivating/);
});

test("pre-populate applies the very plan its --dry-run prints: files in place, units left alone, the generation current", () => {
  const root = fresh("pre-populate");
  const dry = sm(["pre-populate", "--flake", f.flake, "--root", root, "--dry-run"]);
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stderr, /systemd units: not switched \(pre-populate leaves units alone/);
  assert.equal(existsSync(join(root, "etc/hello.txt")), false);
  const r = ok(["pre-populate", "--flake", f.flake, "--root", root]);
  assert.equal(planOf(r.stderr), planOf(dry.stderr));
  assert.equal(rooted(root, "etc/hello.txt"), "hi\n");
  assert.equal(lstatSync(join(root, "etc/systemd/system/cvdemo.service")).isSymbolicLink(), true);
  const state = JSON.parse(readFileSync(join(root, "var/lib/system-manager/state/system-manager-state.json"), "utf8"));
  assert.deepEqual(Object.keys(state.units).sort(), ["cvdemo.service", "system-manager.target"]);
  assert.match(generations(root), /^ {3}1 .*\(current\)$/m);
  // Without a configuration: the current generation again.
  assert.match(ok(["pre-populate", "--root", root]).stderr, /No changes\./);
});

test("--ephemeral puts /etc's entries under /run (units in /run/systemd/system) and nothing in /etc", () => {
  const root = fresh("ephemeral");
  const r = ok(["switch", "--flake", f.flake, "--root", root, "--ephemeral"]);
  assert.match(r.stderr, /\+ \/run\/etc\/hello\.txt -> /);
  assert.equal(rooted(root, "run/etc/hello.txt"), "hi\n");
  assert.equal(lstatSync(join(root, "run/systemd/system/cvdemo.service")).isSymbolicLink(), true);
  assert.equal(lstatSync(join(root, "run/systemd/system/system-manager.target.wants/cvdemo.service")).isSymbolicLink(), true);
  assert.equal(existsSync(join(root, "etc/hello.txt")), false);
  assert.equal(existsSync(join(root, "etc/systemd")), false);
  // Back to /etc: the /run entries are removed, as any entry leaving.
  const back = ok(["switch", "--flake", f.flake, "--root", root]);
  assert.match(back.stderr, /- \/run\/etc\/hello\.txt/);
  assert.equal(existsSync(join(root, "run/etc/hello.txt")), false);
  assert.equal(rooted(root, "etc/hello.txt"), "hi\n");
});

test("--ephemeral keeps the units' job scripts in /etc, where the units run them from, and everything else under /run", () => {
  const root = fresh("ephemeral-script");
  const g = systemFlake("sm-cli-verbs-script-", `{ nixpkgs.hostPlatform = "x86_64-linux"; systemd.services.hello = { wantedBy = [ "system-manager.target" ]; script = "echo hi"; }; }`);
  after(() => rmSync(g.dir, { recursive: true, force: true }));
  const path = build(root, g.flake);
  const r = ok(["pre-populate", "--store-path", path, "--root", root, "--ephemeral"]);
  const script = /\+ (\/etc\/systemd\/system\/system-manager-scripts\/[0-9a-z]+\/hello-start) -> /.exec(r.stderr)?.[1];
  assert.ok(script !== undefined, r.stderr);
  assert.match(rooted(root, "run/systemd/system/hello.service"), new RegExp(`^ExecStart=${script}$`, "m"));
  assert.equal(rooted(root, script.slice(1)), "#!/bin/bash\nset -e\n\necho hi\n");
  assert.equal(existsSync(join(root, "etc/systemd/system/hello.service")), false);
});

test("each new verb has its own --help, and system-manager --help lists them and the global flags", () => {
  for (const [verb, usage] of [["init", /^Usage: system-manager init \[PATH\] \[--no-flake\]/], ["register", /^Usage: system-manager register \(--config FILE \| --flake DIR\[#NAME\] \| --store-path P\)/], ["pre-populate", /^Usage: system-manager pre-populate \[--config FILE \| --flake DIR\[#NAME\] \| --store-path P\]/], ["switch", /--store-path P \| --generation N\)[^]*--ephemeral/], ["deactivate", /^Usage: system-manager deactivate \[--store-path P\]/], ["generations", /\(current, registered: not activated\)/], ["rollback", /^Usage: system-manager rollback/], ["activate", /^Usage: system-manager activate --store-path P/]] as const) {
    assert.match(ok([verb, "--help"]).stdout, usage);
  }
  const help = ok(["--help"]).stdout;
  for (const line of [/\n {2}init {10}/, /\n {2}register {6}/, /\n {2}pre-populate {2}/, /\n {2}-v, --verbose/, /\n {2}--nix-option NAME VALUE/, /\n {2}--ask-sudo-password/, /\n {2}--ephemeral/, /\n {2}--store-path P/]) assert.match(help, line);
  assert.doesNotMatch(help, /use-remote-sudo/);
});

test("rollback after register steps back from the registered generation to the active one", () => {
  const root = fresh("register-rollback");
  ok(["switch", "--flake", f.flake, "--root", root]);
  const other = systemFlake("sm-cli-verbs-rb-", `{ nixpkgs.hostPlatform = "x86_64-linux"; environment.etc."hello.txt".text = "other\\n"; }`);
  after(() => rmSync(other.dir, { recursive: true, force: true }));
  ok(["register", "--flake", other.flake, "--root", root]);
  const r = ok(["rollback", "--root", root]);
  assert.match(r.stderr, /Generation 1 \(made current again\)/);
  assert.equal(rooted(root, "etc/hello.txt"), "hi\n");
  assert.match(generations(root), /^ {3}1 .*\(current\)$/m);
});
