import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runShell } from "./home-steps.ts";
import { storeViewCommand, storeViewRunner } from "./store-view.ts";
import { tool } from "./home-namespace.ts";

const NAME = "0123456789abcdfghijklmnpqrsvwxyz-greeting";

/** A user's store holding one text path (under `user`), a home, and the place the store is to be seen: `view` exists, with entries of its own; below it, nothing. */
function fixture(user = "user") {
  const tmp = mkdtempSync(join(tmpdir(), "sm-store-view-"));
  chmodSync(tmp, 0o755);
  const userStore = join(tmp, user, "var/lib/system-manager/store");
  mkdirSync(userStore, { recursive: true });
  writeFileSync(join(userStore, NAME), "hello from the store\n");
  const home = join(tmp, "home");
  mkdirSync(home);
  const view = join(tmp, "view");
  mkdirSync(join(view, "sub"), { recursive: true });
  writeFileSync(join(view, "keep.txt"), "kept\n");
  writeFileSync(join(view, "sub/x"), "x\n");
  // Names a mount table line cannot hold as they are, and a link: bound back (or made) all the same.
  mkdirSync(join(view, "two words"));
  writeFileSync(join(view, "two words/y"), "y\n");
  writeFileSync(join(view, "back\\slash"), "b\n");
  symlinkSync("sub", join(view, "link"));
  return { tmp, userStore, home, view, storeDir: join(view, "var/lib/system-manager/store") };
}

const SCRIPT = 'cat "$STORE/' + NAME + '" "$VIEW/keep.txt" "$VIEW/sub/x" "$VIEW/two words/y" "$VIEW/back\\slash" "$VIEW/link/x" > "$HOME/out"; id -u >> "$HOME/out"; ls "$STORE" >> "$HOME/out"; ls -A "$VIEW" | tr "\\n" / >> "$HOME/out"';
/** What SCRIPT writes, run as `uid`: the view's own entries are all there, the store directory's parent beside them, nothing else. */
const written = (uid: number | undefined) => `hello from the store\nkept\nx\ny\nb\nx\n${uid}\n${NAME}\nback\\slash/keep.txt/link/sub/two words/var/`;
const notRunnable = (): string | undefined => {
  if (tool("unshare") === undefined || tool("mount") === undefined) return "util-linux's unshare and mount are not installed";
  const r = spawnSync("unshare", [...(process.getuid?.() === 0 ? [] : ["--user", "--map-root-user"]), "--mount", "--", "true"], { encoding: "utf8" });
  return r.status === 0 ? undefined : `cannot make a private mount namespace here: ${r.stderr.trim()}`;
};

/** SCRIPT run through storeViewRunner for a fixture whose user's store is under `user`: it sees everything, nothing is said, and the view's directory is as it was. */
function seesTheStore(user?: string): void {
  const f = fixture(user);
  try {
    const logs: string[] = [];
    const run = storeViewRunner(f.userStore, f.storeDir, runShell, (l) => logs.push(l));
    run(SCRIPT, { PATH: process.env.PATH, HOME: f.home, STORE: f.storeDir, VIEW: f.view }, f.home, "test step");
    assert.deepEqual(logs, []);
    assert.equal(readFileSync(join(f.home, "out"), "utf8"), written(process.getuid?.()));
    assert.deepEqual(readdirSync(f.view).sort(), ["back\\slash", "keep.txt", "link", "sub", "two words"], "the mount point was made in the namespace only");
  } finally {
    rmSync(f.tmp, { recursive: true, force: true });
  }
}

test("a script sees the user's store at the store directory, the directory's parent keeps its entries, and nothing outside changes", { skip: notRunnable() }, () => seesTheStore());

test("a store whose path a mount table line cannot hold as it is (a blank) is bound on its own, all the same", { skip: notRunnable() }, () => seesTheStore("the user"));

test("an ordinary user's script runs with their own uid and gid, through a user namespace", { skip: process.getuid?.() !== 0 ? "needs root to start a process as another user" : (notRunnable() ?? (tool("setpriv") === undefined ? "util-linux's setpriv is not installed" : undefined)) }, (t) => {
  const f = fixture();
  try {
    chownSync(f.home, 4242, 4243);
    const v = storeViewCommand(f.userStore, f.storeDir, 4242, 4243, "bash", ["--norc", "--noprofile", "-euc", SCRIPT + '; id -g >> "$HOME/out"']);
    assert.notEqual(v, undefined);
    const r = spawnSync(tool("setpriv") as string, ["--reuid=4242", "--regid=4243", "--clear-groups", "--", v!.command, ...v!.args], { encoding: "utf8", cwd: f.home, env: { PATH: process.env.PATH, HOME: f.home, STORE: f.storeDir, VIEW: f.view } });
    if (r.status !== 0 && /Operation not permitted|user namespace/i.test(r.stderr)) return t.skip(`this host refuses unprivileged user namespaces: ${r.stderr.trim()}`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(f.home, "out"), "utf8"), `${written(4242)}4243\n`);
  } finally {
    rmSync(f.tmp, { recursive: true, force: true });
  }
});

test("where no namespace can be made, scripts run as before and a note says why, once", () => {
  const f = fixture();
  try {
    const logs: string[] = [];
    const ran: string[] = [];
    const run = storeViewRunner(f.userStore, "/system-manager-test-absent/store", (s) => void ran.push(s), (l) => logs.push(l));
    run("one", {}, f.home, "first");
    run("two", {}, f.home, "second");
    assert.deepEqual(ran, ["one", "two"]);
    assert.equal(logs.length, 1);
    assert.match(logs[0] as string, /^note: activation scripts run without your store at \/system-manager-test-absent\/store, so those running its programs may fail: cannot make a private mount namespace \(/);
  } finally {
    rmSync(f.tmp, { recursive: true, force: true });
  }
});
