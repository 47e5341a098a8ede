import { test } from "node:test";
import assert from "node:assert/strict";
import { e2eSkipReason, runInContainer } from "./project.ts";

const skip = e2eSkipReason();

test("the guest boots a real systemd and reaches running or degraded", { skip }, async () => {
  const r = await runInContainer("systemd-detect-virt; readlink /proc/1/exe; node --version; systemctl --failed --no-legend --plain");
  assert.match(r.bootState, /^(running|degraded)$/, `is-system-running said ${r.bootState}`);
  const [virt, init, node] = r.stdout.split("\n");
  assert.equal(virt, "systemd-nspawn");
  assert.equal(init, "/usr/lib/systemd/systemd");
  assert.equal(node, process.version);
  assert.match(r.journal, /Startup finished/);
});

test("the guest's changes stay in its overlay and are listed", { skip }, async () => {
  const r = await runInContainer("useradd -m bob && echo hi > /etc/e2e-marker");
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.changedFiles.includes("f /etc/e2e-marker"), r.changedFiles.join("\n"));
  assert.ok(r.changedFiles.includes("f /etc/passwd"));
  assert.ok(r.changedFiles.includes("d /home/bob"));
});
