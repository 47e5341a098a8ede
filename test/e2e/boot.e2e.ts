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

// What the newcomer tests stand on, checked apart so a failure there is known to be the product's.
test("the guest is a fresh Debian with Node and npm: node, npm, npx on PATH, no git, patchelf or rg, and the network reaches npm's registry and Debian's archive", { skip }, async () => {
  const r = await runInContainer(
    [
      "command -v node npm npx",
      "for c in git patchelf rg; do command -v $c && echo \"$c should not be here\"; done",
      "node --version; npm --version >/dev/null && echo npm",
      "getent hosts registry.npmjs.org >/dev/null && echo dns",
      "cd /tmp && npm ping >/dev/null 2>&1 && echo registry",
      "node -e 'require(\"http\").get(\"http://deb.debian.org/debian/dists/bookworm/InRelease\", (r) => console.log(\"archive\", r.statusCode)).on(\"error\", (e) => console.log(e.message))'",
    ].join("\n"),
  );
  assert.equal(r.stdout, `/usr/local/bin/node\n/usr/local/bin/npm\n/usr/local/bin/npx\n${process.version}\nnpm\ndns\nregistry\narchive 200\n`, r.stderr);
});
