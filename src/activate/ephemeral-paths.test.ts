import { test } from "node:test";
import assert from "node:assert/strict";
import { ephemeralPath } from "./ephemeral-paths.ts";

test("ephemeral paths: units and tmpfiles.d where systemd reads them under /run, the rest under /run/etc, job scripts and other paths as they are", () => {
  assert.equal(ephemeralPath("/etc/systemd/system/a.service"), "/run/systemd/system/a.service");
  assert.equal(ephemeralPath("/etc/systemd/system/multi-user.target.wants/a.service"), "/run/systemd/system/multi-user.target.wants/a.service");
  assert.equal(ephemeralPath("/etc/systemd/user/b.service"), "/run/systemd/user/b.service");
  assert.equal(ephemeralPath("/etc/tmpfiles.d/x.conf"), "/run/tmpfiles.d/x.conf");
  assert.equal(ephemeralPath("/etc/systemd/systemX.conf"), "/run/etc/systemd/systemX.conf");
  assert.equal(ephemeralPath("/etc/hello.txt"), "/run/etc/hello.txt");
  assert.equal(ephemeralPath("/etc/profiles/per-user/alice"), "/run/etc/profiles/per-user/alice");
  assert.equal(ephemeralPath("/run/system-manager/sw"), "/run/system-manager/sw");
  // The units run their job scripts by their /etc path: those stay.
  assert.equal(ephemeralPath("/etc/systemd/system/system-manager-scripts/h/a.service-start"), "/etc/systemd/system/system-manager-scripts/h/a.service-start");
});
