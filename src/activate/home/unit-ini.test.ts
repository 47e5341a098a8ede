import { test } from "node:test";
import assert from "node:assert/strict";
import { parseUnitIni, switchMethod, unitChange, unitFlag } from "./unit-ini.ts";
import { parseActiveUnits } from "./user-units.ts";

test("unit files parse as systemd reads them: comments, blanks around '=', continuation lines, repeated keys, drop-ins adding", () => {
  const ini = parseUnitIni("# c\n[Unit]\n; c\nDescription = a \\\n  b\n[Service]\nExecStart=/bin/a\nExecStart=/bin/b\n", "[Service]\nEnvironment=X=1\n");
  assert.deepEqual(ini.get("Unit")?.get("Description"), ["a b"]);
  assert.deepEqual(ini.get("Service")?.get("ExecStart"), ["/bin/a", "/bin/b"]);
  assert.deepEqual(ini.get("Service")?.get("Environment"), ["X=1"]);
});

test("switch methods: X-SwitchMethod first, then the legacy keys, then stop-start for services and sockets, restart for the rest", () => {
  const m = (text: string, name = "a.service") => switchMethod(parseUnitIni(text), name);
  assert.equal(m("[Unit]\nX-SwitchMethod=keep-old\nX-ReloadIfChanged=true\n"), "keep-old");
  assert.equal(m("[Unit]\nX-SwitchMethod=nonsense\n"), "stop-start");
  assert.equal(m("[Unit]\nX-RestartIfChanged=no\n"), "keep-old");
  assert.equal(m(""), "stop-start");
  assert.equal(m("", "a.socket"), "stop-start");
  assert.equal(m("", "a.timer"), "restart");
  assert.equal(m("", "a.path"), "restart");
  assert.equal(unitFlag(parseUnitIni("[Unit]\nRefuseManualStop=yes\n"), "RefuseManualStop"), true);
  assert.equal(unitFlag(parseUnitIni("[Unit]\nRefuseManualStop=no\n"), "RefuseManualStop"), false);
});

test("changes: order of repeated values matters, order of keys does not", () => {
  const c = (a: string, b: string) => unitChange(parseUnitIni(a), parseUnitIni(b));
  assert.equal(c("[Service]\nA=1\nB=2\n", "[Service]\nB=2\nA=1\n"), "none");
  assert.equal(c("[Service]\nExecStart=/a\nExecStart=/b\n", "[Service]\nExecStart=/b\nExecStart=/a\n"), "restart");
  assert.equal(c("[Install]\nWantedBy=default.target\n", "[Install]\nWantedBy=other.target\n"), "none");
});

test("list-units output: the units running, activating or reloading", () => {
  const out = "default.target loaded active active Main\nweb.service loaded active running Web\nold.service not-found active running old.service\nbad.service loaded failed failed Bad\nx.service loaded activating start X\ny.service loaded inactive dead Y\n";
  assert.deepEqual([...parseActiveUnits(out)].sort(), ["default.target", "old.service", "web.service", "x.service"]);
});
