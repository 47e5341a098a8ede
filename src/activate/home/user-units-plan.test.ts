import { test } from "node:test";
import assert from "node:assert/strict";
import { describeUserUnitsPlan, managerVerdict, planUserUnits } from "./user-units-plan.ts";
import { userUnitsOf, type UserUnits } from "./user-unit-files.ts";

const DIR = ".config/systemd/user/";
const service = (exec: string, extra = "") => `[Unit]\nDescription=Demo\n${extra}\n[Service]\nExecStart=${exec}\n\n[Install]\nWantedBy=default.target\n`;

/** A generation's units from `{ "name.service": text }` plus `.wants` links. */
function gen(units: Record<string, string>, wants: Record<string, string[]> = {}): UserUnits {
  const files = new Map<string, string>(Object.entries(units).map(([n, t]) => [DIR + n, t]));
  for (const [target, us] of Object.entries(wants)) for (const u of us) files.set(`${DIR}${target}.wants/${u}`, units[u] ?? "");
  return userUnitsOf([...files.keys()], (t) => files.get(t));
}

const ACTIVE = new Set(["default.target", "basic.target"]);
const active = (...units: string[]) => new Set([...ACTIVE, ...units]);

test("a new unit wanted by default.target is started", () => {
  const p = planUserUnits(gen({}), gen({ "a.service": service("/bin/a") }, { "default.target": ["a.service"] }), active());
  assert.deepEqual(p, { stop: [], reload: [], restart: [], start: ["a.service"], keptOld: [] });
  assert.deepEqual(describeUserUnitsPlan(p), ["Starting units: a.service"]);
});

test("a new unit no active target wants is not started", () => {
  const p = planUserUnits(gen({}), gen({ "a.service": service("/bin/a"), "t.target": "[Unit]\n" }, { "t.target": ["a.service"] }), active());
  assert.deepEqual(p.start, []);
});

test("a changed running service is stopped and started again (stop-start, sd-switch's default for services)", () => {
  const p = planUserUnits(gen({ "a.service": service("/bin/a 1") }, { "default.target": ["a.service"] }), gen({ "a.service": service("/bin/a 2") }, { "default.target": ["a.service"] }), active("a.service"));
  assert.deepEqual(p, { stop: ["a.service"], reload: [], restart: [], start: ["a.service"], keptOld: [] });
});

test("X-SwitchMethod and the legacy keys choose how a changed unit is switched", () => {
  const cases: [string, string][] = [
    ["X-SwitchMethod=restart", "restart"],
    ["X-SwitchMethod=reload", "reload"],
    ["X-SwitchMethod=keep-old", "keptOld"],
    ["X-RestartIfChanged=false", "keptOld"],
    ["X-StopIfChanged=false", "restart"],
    ["X-ReloadIfChanged=true", "reload"],
  ];
  for (const [key, where] of cases) {
    const p = planUserUnits(gen({ "a.service": service("/bin/a 1", key) }), gen({ "a.service": service("/bin/a 2", key) }), active("a.service"));
    assert.deepEqual((p as unknown as Record<string, string[]>)[where], ["a.service"], key);
    assert.equal(p.stop.length + p.start.length, 0, key);
  }
});

test("a changed running timer is restarted; a changed socket is stopped with its running service, and the socket started", () => {
  const timer = (s: string) => `[Timer]\nOnCalendar=${s}\n`;
  const socket = (s: string) => `[Socket]\nListenStream=%t/${s}\n`;
  const p = planUserUnits(
    gen({ "t.timer": timer("daily"), "s.socket": socket("one"), "s.service": service("/bin/s") }),
    gen({ "t.timer": timer("weekly"), "s.socket": socket("two"), "s.service": service("/bin/s") }),
    active("t.timer", "s.socket", "s.service"),
  );
  assert.deepEqual(p, { stop: ["s.service", "s.socket"], reload: [], restart: ["t.timer"], start: ["s.socket"], keptOld: [] });
});

test("a running unit whose file was removed is stopped; one that was not ours is left alone", () => {
  const p = planUserUnits(gen({ "a.service": service("/bin/a") }, { "default.target": ["a.service"] }), gen({}), active("a.service", "dbus.service"));
  assert.deepEqual(p, { stop: ["a.service"], reload: [], restart: [], start: [], keptOld: [] });
});

test("unchanged units are left alone, running or not; so are changes of the description, comments or [Install] only", () => {
  const old = gen({ "a.service": service("/bin/a"), "b.service": service("/bin/b") }, { "default.target": ["a.service", "b.service"] });
  const same = gen({ "a.service": "# a comment\n" + service("/bin/a").replace("Demo", "Renamed").replace("default.target", "other.target"), "b.service": service("/bin/b") }, { "default.target": ["a.service", "b.service"] });
  assert.deepEqual(planUserUnits(old, same, active("a.service")), { stop: [], reload: [], restart: [], start: [], keptOld: [] });
});

test("only X-Reload-Triggers changed: the running unit is reloaded", () => {
  const p = planUserUnits(gen({ "a.service": service("/bin/a", "X-Reload-Triggers=/nix/store/1") }), gen({ "a.service": service("/bin/a", "X-Reload-Triggers=/nix/store/2") }), active("a.service"));
  assert.deepEqual(p.reload, ["a.service"]);
  assert.deepEqual(p.restart.length + p.stop.length, 0);
});

test("a stopped unit that changed, or became wanted by an active target, is started", () => {
  const old = gen({ "a.service": service("/bin/a 1"), "b.service": service("/bin/b") }, { "default.target": ["a.service"] });
  const next = gen({ "a.service": service("/bin/a 2"), "b.service": service("/bin/b") }, { "default.target": ["a.service", "b.service"] });
  assert.deepEqual(planUserUnits(old, next, active()).start, ["a.service", "b.service"]);
});

test("template units: running instances of a changed template are switched, a wanted new instance started", () => {
  const p = planUserUnits(gen({ "w@.service": service("/bin/w %i") }), gen({ "w@.service": service("/bin/w -v %i") }, { "default.target": ["w@two.service"] }), active("w@one.service"));
  assert.deepEqual(p, { stop: ["w@one.service"], reload: [], restart: [], start: ["w@one.service", "w@two.service"], keptOld: [] });
});

test("drop-ins are part of the unit: a changed drop-in switches it", () => {
  const files = (v: string) => new Map([[`${DIR}a.service`, service("/bin/a")], [`${DIR}a.service.d/env.conf`, `[Service]\nEnvironment=V=${v}\n`]]);
  const of = (m: Map<string, string>) => userUnitsOf([...m.keys()], (t) => m.get(t));
  assert.deepEqual(planUserUnits(of(files("1")), of(files("2")), active("a.service")).stop, ["a.service"]);
  assert.deepEqual(planUserUnits(of(files("1")), of(files("1")), active("a.service")).stop, []);
});

test("RefuseManualStop / RefuseManualStart are honoured", () => {
  const p = planUserUnits(gen({ "a.service": service("/bin/a", "RefuseManualStop=yes") }), gen({ "b.service": service("/bin/b", "RefuseManualStart=yes") }, { "default.target": ["b.service"] }), active("a.service"));
  assert.deepEqual(p, { stop: [], reload: [], restart: [], start: [], keptOld: [] });
});

test("the manager's state: running proceeds, degraded proceeds (with a warning), anything else skips with home-manager's message", () => {
  assert.deepEqual(managerVerdict("running\n"), { proceed: true, degraded: false });
  assert.deepEqual(managerVerdict("degraded\n"), { proceed: true, degraded: true });
  for (const s of ["offline\n", "starting\n", "Failed to connect to bus: No such file or directory\n", ""]) {
    assert.deepEqual(managerVerdict(s), { proceed: false, message: "User systemd daemon not running. Skipping reload." });
  }
});
