import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { bootProject, CLI, e2eSkipReason, GUEST_DIR } from "./project.ts";

const skip = e2eSkipReason();
const SWITCH = `${CLI} switch --config ${GUEST_DIR}/examples/home-manager/system.config.ts`;

// One guest for the sequence: the second switch needs the first one's result.
let guest: Container;
before(async () => {
  if (skip === undefined) guest = await bootProject();
});
after(async () => {
  await guest?.shutdown();
});

test("switch as root creates alice (uid 5000), her home owned 5000:5000 and /etc/nix/nix.conf", { skip }, async () => {
  const r = await guest.run(SWITCH);
  assert.equal(r.code, 0, `switch failed:\n${r.stdout}${r.stderr}`);
  const check = await guest.run("id -u alice; id -g alice; stat -c '%u:%g' /home/alice; test -f /etc/nix/nix.conf && echo nix.conf");
  assert.equal(check.stdout, "5000\n5000\n5000:5000\nnix.conf\n", check.stderr);
  assert.ok(guest.changedFiles().includes("f /etc/passwd"));
});

test("a second switch prints \"No changes.\"", { skip }, async () => {
  const r = await guest.run(SWITCH);
  assert.equal(r.code, 0, `switch failed:\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout + r.stderr, /^No changes\.$/m);
});
