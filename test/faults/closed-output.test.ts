/**
 * Output whose reader goes away (`system-manager eval … | head`): the
 * command drops what it still writes and ends as it would have, with its
 * own exit code and no stack (bin/closed-output.js), where Node would end
 * it on the unhandled EPIPE; so does the activation engine.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../../bin/system-manager.js", import.meta.url));

test("eval of 2 MB whose reader closes after the first bytes: exit 0, nothing on stderr", async () => {
  const child = spawn(process.execPath, [bin, "eval", "--expr", `builtins.concatStringsSep "" (builtins.genList (x: "aaaaaaaaaa") 200000)`], {
    env: { ...process.env, SYSTEM_MANAGER_LARGE_STACK: undefined },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (c) => (stderr += String(c)));
  const [first] = (await once(child.stdout, "data")) as [Buffer];
  assert.ok(first.toString().startsWith('"aaaa'));
  child.stdout.destroy();
  const [code, signal] = await once(child, "exit");
  assert.equal(stderr, "");
  assert.deepEqual([code, signal], [0, null]);
});

test("the activation engine whose reader is gone (the switch that started it was killed) ends as it would have", async () => {
  const engine = fileURLToPath(new URL("../../dist/engine.cjs", import.meta.url));
  const child = spawn(process.execPath, [engine, "--version"], { stdio: ["ignore", "pipe", "pipe"] });
  // Closed before the engine writes its one line.
  child.stdout.destroy();
  let stderr = "";
  child.stderr.on("data", (c) => (stderr += String(c)));
  const [code, signal] = await once(child, "exit");
  assert.equal(stderr, "");
  assert.deepEqual([code, signal], [0, null]);
});
