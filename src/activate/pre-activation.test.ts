/**
 * Pre-activation assertions (system-manager.preActivationAssertions): the
 * option and the manifest (the enabled ones by name, osVersion standing for
 * the distribution check), and activation running them through its runner
 * before anything is written: each failing one reported with its exit
 * status, where it was defined and what it printed, nothing changed; what
 * a passing one prints passed on; none run for a tree that is not this
 * machine. The runner here is the host's bash (the scripts only print and
 * exit).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bashAssertionRunner, checkPreActivationAssertions, type AssertionRunner } from "./pre-activation.ts";
import { activate } from "./activate.ts";
import { readManifest } from "./read-manifest.ts";
import { RootFs } from "./root-fs.ts";
import { build, world } from "../../test/helpers/system.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { isRoot } from "../../test/helpers/tree.ts";

const bash = bashAssertionRunner("/");
/** Whether something (a link into the tree's store too) is at `p`. */
const present = (p: string) => lstatSync(p, { throwIfNoEntry: false }) !== undefined;
const assertion = (name: string, script: string, definedIn: string[] = ["/cfg/system.nix"]) => ({ name, script, definedIn });

test("a passing assertion's output is passed on; a failing one's exit status, definition and output are the error", async () => {
  const lines: string[] = [];
  await checkPreActivationAssertions(bash, [assertion("quiet", "true"), assertion("chatty", 'echo "checked $((1 + 1)) things"')], (l) => lines.push(l));
  assert.deepEqual(lines, ["checked 2 things"]);
  await assert.rejects(checkPreActivationAssertions(bash, [assertion("noNixOS", 'echo "You cannot run this on NixOS." >&2\nexit 3')], () => {}), (e: unknown) => {
    assert.ok(e instanceof UserError);
    assert.equal(
      e.message,
      "Pre-activation assertion noNixOS failed with exit status 3 (`system-manager.preActivationAssertions.noNixOS', defined in `/cfg/system.nix'); nothing was activated. Its output:\n  You cannot run this on NixOS.",
    );
    return true;
  });
});

test("every failing assertion is reported at once; the script runs as upstream's: in bash, nounset and pipefail on, errexit off", async () => {
  const scripts = [
    assertion("unsetVariable", 'echo "$NOT_SET_ANYWHERE"'),
    assertion("pipe", "false | true"),
    assertion("errexitOff", "false\necho still running"),
    assertion("bashism", '[[ -n "x" ]] && exit 0\nexit 1', []),
    assertion("silent", "exit 1", []),
  ];
  const lines: string[] = [];
  await assert.rejects(checkPreActivationAssertions(bash, scripts, (l) => lines.push(l)), (e: unknown) => {
    const m = (e as Error).message;
    assert.match(m, /Pre-activation assertion unsetVariable failed with exit status 1 .*NOT_SET_ANYWHERE: unbound variable/s);
    assert.match(m, /Pre-activation assertion pipe failed with exit status 1/);
    assert.match(m, /Pre-activation assertion silent failed with exit status 1 \(`system-manager\.preActivationAssertions\.silent'\); nothing was activated\. It printed nothing\./);
    assert.doesNotMatch(m, /errexitOff|bashism/);
    return true;
  });
  assert.deepEqual(lines, ["still running"]);
});

test("a tree that is not this machine runs none of them, and says so; no assertion, nothing said", async () => {
  const runner = bashAssertionRunner("/tmp/some-root");
  assert.deepEqual(runner, { available: false, reason: "the target is --root /tmp/some-root, not this machine" });
  const lines: string[] = [];
  await checkPreActivationAssertions(runner, [assertion("a", "exit 1"), assertion("b", "exit 1")], (l) => lines.push(l));
  await checkPreActivationAssertions(runner, [], (l) => lines.push(l));
  assert.deepEqual(lines, ["pre-activation assertions not run (the target is --root /tmp/some-root, not this machine): a, b"]);
});

/** A root for a switch, with the runner given (the host's bash: as activating on this machine). */
function scratchRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "sm-pre-activation-"));
  mkdirSync(join(root, "etc"));
  writeFileSync(join(root, "etc/os-release"), "ID=debian\n");
  return root;
}

const config = (assertions: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  nixpkgs: { hostPlatform: "x86_64-linux" },
  "system-manager": { preActivationAssertions: assertions, ...extra },
  environment: { etc: { "marker.conf": { text: "x\n" } } },
});

test("the manifest lists the enabled assertions by name, not osVersion: allowAnyDistro says whether that one is off", async () => {
  const root = scratchRoot();
  const fs = new RootFs(root);
  const on = await build(root, [config({ zeta: { enable: true, script: "true" }, alpha: { enable: true, name: "alphaCheck", script: "exit 0" }, off: { script: "exit 1" } })]);
  const m = readManifest(fs, on);
  assert.deepEqual(m.preActivationAssertions.map((a) => [a.name, a.script]), [["alphaCheck", "exit 0"], ["zeta", "true"]]);
  assert.deepEqual(m.preActivationAssertions[0]?.definedIn, ["/cfg/system.config.ts"]);
  assert.equal(m.allowAnyDistro, false);
  assert.equal(readManifest(fs, await build(root, [config({}, { allowAnyDistro: true })])).allowAnyDistro, true);
  // As upstream's: osVersion is a definition of its own, disabled with mkForce.
  assert.equal(readManifest(fs, await build(root, [config({ osVersion: { enable: { _type: "override", priority: 50, content: false } } })])).allowAnyDistro, true);
});

test("a failing assertion stops the switch before anything is written", async () => {
  const root = scratchRoot();
  const failing = await build(root, [config({ hostCheck: { enable: true, script: "echo 'this host is not ready'\nexit 2" } })]);
  const w = { ...world(root), assertions: bash as AssertionRunner };
  await assert.rejects(activate(w, { storePath: failing }, false), /Pre-activation assertion hostCheck failed with exit status 2 .*\n  this host is not ready/s);
  assert.equal(present(join(root, "etc/marker.conf")), false);
  assert.equal(existsSync(join(root, "var/lib/system-manager/state")), false, "no state written");
  assert.deepEqual(readdirSync(join(root, "etc")), ["os-release"]);
  // A dry run says the same.
  await assert.rejects(activate(w, { storePath: failing }, true), /Pre-activation assertion hostCheck failed/);
});

// The activation writes the account files, owned by root.
test("a passing assertion lets the switch go on, its output shown", { skip: isRoot ? false : "needs root (chown)" }, async () => {
  const root = scratchRoot();
  const w = { ...world(root), assertions: bash as AssertionRunner };
  const passing = await build(root, [config({ hostCheck: { enable: true, script: "echo 'host ready'" } })]);
  await activate(w, { storePath: passing }, false);
  assert.equal(present(join(root, "etc/marker.conf")), true);
  assert.ok(w.lines.includes("host ready"), w.lines.join("\n"));
});
