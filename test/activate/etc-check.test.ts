/**
 * environment.etc.<name>.validate, through security.sudo: the host's
 * visudo (here a stand-in under the test root that judges like it: a file
 * with "BROKEN" in it is a syntax error) must accept the generation's
 * sudoers before anything is written. A rejected or uncheckable file
 * stops switch and --dry-run with the program's words, the file and the
 * options that made it, and the root is left exactly as it was; an
 * accepted one replaces the host's sudoers (kept aside, and restored by
 * deactivate) with mode 0440 root:root. A command that cannot be run as
 * given is a build error; the error names the configuration's own
 * definitions of the file's options.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, lstatSync, rmSync } from "node:fs";
import { join } from "node:path";
import { makeTree, snapshot, isRoot } from "../helpers/tree.ts";
import { build, seedSystem, switchTo, world } from "../helpers/system.ts";
import { activate } from "../../src/activate/activate.ts";

const skip = isRoot ? false : "needs root (0440 root:root copies)";
const STORE = "/var/lib/system-manager/store";
const HOST_SUDOERS = "Defaults env_reset\nroot ALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n";
/** Judges like visudo -c -f FILE: what it was asked goes to a log; "BROKEN" in the file is a syntax error. */
const FAKE_VISUDO = `#!/bin/sh
echo "$@" >> "$(dirname "$0")/../../visudo.log"
[ "$1 $2" = "-c -f" ] || { echo "visudo: unexpected arguments $*" >&2; exit 2; }
if grep -n BROKEN "$3" >/dev/null; then
  line=$(grep -n BROKEN "$3" | head -n 1 | cut -d: -f1)
  echo "$3:$line:1: syntax error" >&2
  exit 1
fi
echo "$3: parsed OK"
`;

const hostRoot = (withVisudo = true) =>
  makeTree({
    "etc/sudoers": { content: HOST_SUDOERS, mode: 0o440 },
    ...(withVisudo ? { "usr/sbin/visudo": { content: FAKE_VISUDO, mode: 0o755 } } : {}),
  });
const sudo = (extraConfig = "") => ({ security: { sudo: { enable: true, extraConfig, extraRules: [{ users: ["alice"], commands: [{ command: "ALL", options: ["NOPASSWD"] }] }] } } });
/** Everything but the store (a rejected build may leave its content-addressed paths, which nothing uses). */
const outsideStore = (root: string) => snapshot(root, [STORE]);

test("a sudoers visudo rejects stops switch and --dry-run alike, naming the file, visudo's words and the option; nothing changes", { skip }, async () => {
  const root = hostRoot();
  try {
    const storePath = await build(root, [seedSystem, sudo("Defaults BROKEN here\n")]);
    const before = outsideStore(root);
    for (const dryRun of [true, false]) {
      const err = await activate(world(root), { storePath }, dryRun).then(
        () => assert.fail("activation went ahead"),
        (e: Error) => e,
      );
      assert.match(err.message, /^Cannot put \/etc\/sudoers in place: `\/usr\/sbin\/visudo -c -f %s' \(with %s = \/var\/lib\/system-manager\/store\/[a-z0-9]{32}-system-manager\/etc\/sudoers\) rejected it \(exit status 1\):/);
      assert.match(err.message, /\n {2}\S+\/etc\/sudoers:\d+:1: syntax error\n/);
      assert.match(err.message, /\nIt is made by `security\.sudo\.extraRules' \(defined in \/cfg\/system\.config\.ts\), `security\.sudo\.extraConfig' \(defined in \/cfg\/system\.config\.ts\)\.\n/);
      assert.match(err.message, /\nNothing was changed\.$/);
      assert.deepEqual(outsideStore(root), { ...before, "/visudo.log": outsideStore(root)["/visudo.log"] as string }, dryRun ? "dry run" : "switch");
    }
    assert.equal(readFileSync(join(root, "etc/sudoers"), "utf8"), HOST_SUDOERS);
    assert.equal(readFileSync(join(root, "visudo.log"), "utf8").split("\n").filter((l) => l !== "").length, 2, "checked once per attempt");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("with no visudo on the host, sudoers cannot be checked: refused, nothing changes", { skip }, async () => {
  const root = hostRoot(false);
  try {
    const storePath = await build(root, [seedSystem, sudo()]);
    const before = outsideStore(root);
    await assert.rejects(activate(world(root), { storePath }, false), /Cannot put \/etc\/sudoers in place: it must first pass `\/usr\/sbin\/visudo -c -f %s', and \/usr\/sbin\/visudo is not on this host/);
    assert.deepEqual(outsideStore(root), before);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("an accepted sudoers replaces the host's (kept aside) as 0440 root:root; a second switch plans nothing to write; deactivate restores the host's", { skip }, async () => {
  const root = hostRoot();
  try {
    const { storePath, plan } = await switchTo(root, [seedSystem, sudo()]);
    assert.ok(plan.etc.steps.some((s) => s.op === "create" && s.path === "/etc/sudoers" && s.backup === "/etc/sudoers.system-manager-backup"));
    const st = lstatSync(join(root, "etc/sudoers"));
    assert.deepEqual([st.isFile(), st.mode & 0o7777, st.uid, st.gid], [true, 0o440, 0, 0]);
    const text = readFileSync(join(root, "etc/sudoers"), "utf8");
    assert.match(text, /^alice {5}ALL=\(ALL:ALL\) {4}NOPASSWD: ALL$/m);
    assert.match(text, /^@includedir \/etc\/sudoers\.d$/m);
    assert.equal(readFileSync(join(root, "etc/sudoers.system-manager-backup"), "utf8"), HOST_SUDOERS);
    assert.equal(readFileSync(join(root, "visudo.log"), "utf8"), `-c -f ${root}${storePath}/etc/sudoers\n`);

    const again = await activate(world(root), { storePath }, false);
    assert.ok(!again.plan.etc.steps.some((s) => s.path === "/etc/sudoers"), "sudoers is in place already");

    await activate(world(root), "nothing", false);
    assert.equal(readFileSync(join(root, "etc/sudoers"), "utf8"), HOST_SUDOERS);
    assert.equal(lstatSync(join(root, "etc/sudoers")).mode & 0o7777, 0o440);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("a check that is not an absolute program with a %s argument is a build error naming the option; an entry of one's own is checked too", { skip }, async () => {
  const root = hostRoot();
  try {
    const entry = (command: string[]) => ({ environment: { etc: { "app.conf": { text: "BROKEN\n", validate: { command } } } } });
    await assert.rejects(build(root, [seedSystem, entry(["visudo", "-c", "-f", "%s"])]), /Cannot use \["visudo","-c","-f","%s"\] as `environment\.etc\."app\.conf"\.validate\.command': its first element must be the absolute path of a program on the target host/);
    await assert.rejects(build(root, [seedSystem, entry(["/usr/sbin/visudo", "-c"])]), /`environment\.etc\."app\.conf"\.validate\.command': no argument has "%s", which stands for the file to check/);
    const storePath = await build(root, [seedSystem, entry(["/usr/sbin/visudo", "-c", "-f", "%s"])]);
    await assert.rejects(activate(world(root), { storePath }, true), (e: Error) => /^Cannot put \/etc\/app\.conf in place: [^]*:1:1: syntax error\nNothing was changed\.$/.test(e.message));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("when only system-manager's own modules define the file's options, they are the ones named", { skip }, async () => {
  const root = makeTree({ "usr/sbin/visudo": { content: "#!/bin/sh\necho rejected >&2\nexit 1\n", mode: 0o755 } });
  try {
    const storePath = await build(root, [seedSystem, { security: { sudo: { enable: true } } }]);
    await assert.rejects(activate(world(root), { storePath }, true), /\nIt is made by `security\.sudo\.extraRules' \(defined in system-manager\/modules\/security\/sudo\.ts\), `security\.sudo\.extraConfig' \(defined in system-manager\/modules\/security\/sudo\.ts\), `security\.sudo\.configFile' \(defined in system-manager\/modules\/security\/sudo\.ts\)\.\n/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("a check program someone else could replace is not run: a group-writable /usr/sbin stops the switch, naming it; nothing changes", { skip }, async () => {
  const root = hostRoot();
  try {
    const storePath = await build(root, [seedSystem, sudo()]);
    (await import("node:fs")).chmodSync(join(root, "usr/sbin"), 0o775);
    const before = outsideStore(root);
    const err = await activate(world(root), { storePath }, false).then(
      () => assert.fail("activation went ahead"),
      (e: Error) => e,
    );
    assert.match(err.message, /^Cannot put \/etc\/sudoers in place: its check `\/usr\/sbin\/visudo -c -f %s' would run a program someone other than root and the user running system-manager could replace, '\/usr\/sbin' under \S+: it is group-writable \(mode 0775\)/);
    assert.deepEqual(outsideStore(root), before, "visudo was not run and nothing was written");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
