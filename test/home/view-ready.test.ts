/**
 * A --root home activation tries the tree's view without a probe first
 * (src/activate/home/target-view.ts): a child that says the view is made
 * (a byte on VIEW_READY_FD) is the activation, whatever it then exits
 * with; one that ends without saying it made nothing, so what it printed
 * is dropped and the activation goes the descriptors' way, and that home's
 * later activations go there at once. The view is injected (viewOf), so
 * these run without root; the fallback runs a stand-in engine (`legacy`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childProcessRunner, type HomeActivationRequest } from "../../src/activate/home/run-home-activations.ts";
import { VIEW_READY_FD, type TargetView } from "../../src/activate/home/target-view.ts";
import { RootFs } from "../../src/activate/root-fs.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";

const uid = process.getuid?.() ?? 0;
const gid = process.getgid?.() ?? 0;

/** A tree with alice's home (this user's) and a store, a runner whose view is `view`, and what it tried. */
function setup(view: string) {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "sm-view-ready-")));
  mkdirSync(join(root, "home/alice"), { recursive: true });
  mkdirSync(join(root, STORE_DIR), { recursive: true });
  // The stand-in engine: says it ran, with the arguments the descriptors' way gives it.
  const engine = join(root, "engine.sh");
  writeFileSync(engine, 'echo "descriptors: $*"\n');
  const tried: string[] = [];
  const viewOf = (_store: string, _hostHome: string, home: string): TargetView => (tried.push(home), { command: "/bin/sh", args: ["-c", view] });
  const runner = childProcessRunner(new RootFs(root), { asUser: true, legacy: { node: "/bin/sh", script: engine }, viewOf });
  const req: HomeActivationRequest = { user: "alice", uid, gid, homeDirectory: "/home/alice", generation: "/nowhere", backupExtension: null, verbose: false, engine: null };
  return { runner, req, tried };
}

test("a view that says it is made is the activation: its output and exit status, no fallback", async () => {
  const { runner, req, tried } = setup(`echo 'before the view was made' >&2; printf v >&${VIEW_READY_FD}; exec ${VIEW_READY_FD}>&-; echo 'activating'; echo 'it failed' >&2; exit 3`);
  const lines: string[] = [];
  assert.equal(await runner.run(req, (l) => lines.push(l)), 3);
  assert.deepEqual([...lines].sort(), ["activating", "before the view was made", "it failed"]);
  assert.deepEqual(tried, ["/home/alice"]);
});

test("a view that ends without saying it is made: what it said is dropped, the descriptors' way runs, and that home's next activation goes there at once", async () => {
  const { runner, req, tried } = setup("echo 'unshare: unshare failed: Operation not permitted' >&2; exit 1");
  const lines: string[] = [];
  assert.equal(await runner.run(req, (l) => lines.push(l)), 0);
  assert.equal(lines.length, 1, lines.join("\n"));
  assert.match(lines[0] as string, /^descriptors: home-activate --home \/proc\/self\/fd\/3 --store \/proc\/self\/fd\/4 /);
  const again: string[] = [];
  assert.equal(await runner.run(req, (l) => again.push(l)), 0);
  assert.match(again.join("\n"), /^descriptors: /);
  assert.deepEqual(tried, ["/home/alice"], "the view tried once");
});
