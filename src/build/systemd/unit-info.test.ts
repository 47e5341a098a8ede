import { test } from "node:test";
import assert from "node:assert/strict";
import { parseUnitText, unitInfo } from "./unit-info.ts";

test("parseUnitText(): sections, last assignment wins, continuations joined, comments skipped", () => {
  const s = parseUnitText("[Unit]\n# X-StopOnRemoval=true\nDescription=a \\\n  b\nAfter=x\nAfter=y\n[Service]\n; c\nExecStart=/bin/echo \\\\\nType=oneshot\n");
  assert.equal(s.get("Unit")?.get("Description"), "a    b");
  assert.equal(s.get("Unit")?.get("After"), "y");
  assert.equal(s.get("Unit")?.has("X-StopOnRemoval"), false);
  assert.equal(s.get("Service")?.get("ExecStart"), "/bin/echo \\\\");
  assert.equal(s.get("Service")?.get("Type"), "oneshot");
});

test("unitInfo(): X- flags in systemd's boolean spelling, RefuseManualStop and X-OnlyManualStart skip restarts", () => {
  const info = (name: string, text: string) => unitInfo(name, text, []);
  assert.deepEqual(
    (({ restartIfChanged, reloadIfChanged, stopIfChanged, stopOnRemoval }) => ({ restartIfChanged, reloadIfChanged, stopIfChanged, stopOnRemoval }))(info("a.service", "[Unit]\n\n[Service]\n")),
    { restartIfChanged: true, reloadIfChanged: false, stopIfChanged: true, stopOnRemoval: true },
  );
  assert.equal(info("a.service", "[Service]\nX-RestartIfChanged=no\n").restartIfChanged, false);
  assert.equal(info("a.service", "[Unit]\nRefuseManualStop=yes\n").restartIfChanged, false);
  assert.equal(info("a.service", "[Unit]\nX-OnlyManualStart=true\n").restartIfChanged, false);
  assert.equal(info("a.target", "[Unit]\nRefuseManualStart=1\n").restartIfChanged, false);
  assert.equal(info("a.service", "[Unit]\nRefuseManualStart=1\n").restartIfChanged, true);
  assert.equal(info("a.service", "[Service]\nX-ReloadIfChanged=on\n").reloadIfChanged, true);
  assert.equal(info("a.service", "[Service]\nX-StopIfChanged=off\n").stopIfChanged, false);
  assert.equal(info("a.service", "[Unit]\nX-StopOnRemoval=0\n").stopOnRemoval, false);
  assert.deepEqual(info("a.service", "[Service]\nSockets=a.socket  b.socket\n").sockets, ["a.socket", "b.socket"]);
});
