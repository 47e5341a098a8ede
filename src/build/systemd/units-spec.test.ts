import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { unitsOf } from "../../../test/helpers/units.ts";
import { assertGolden } from "../../../test/helpers/golden.ts";
import type { UnitsSpec } from "./units-spec.ts";
import { UserError } from "../../diagnostics/user-error.ts";

const GOLDEN = join(import.meta.dirname, "golden");

const spec = unitsOf;

/** The generation's files as text: content, or "-> target" for links. */
function listing(s: UnitsSpec): string {
  return [...s.files.keys()]
    .sort()
    .map((p) => {
      const e = s.files.get(p);
      return e?.kind === "symlink" ? `${p} -> ${e.target}` : `${p}${e?.executable ? " (executable)" : ""}`;
    })
    .join("\n");
}

const web = (pkgs: Record<string, unknown>) => ({
  systemd: {
    services: {
      web: {
        description: "Web server",
        after: ["network.target"],
        wants: ["network-online.target"],
        wantedBy: ["multi-user.target"],
        environment: { GREETING: 'say "hi"\\now', EMPTY: "", UNSET: null },
        path: [pkgs.hello, "/opt/tools"],
        preStart: "mkdir -p /var/lib/web",
        script: "exec web --port 8080",
        serviceConfig: { Type: "simple", Restart: "on-failure", RestartSec: 5, PrivateTmp: true, ExecStartPre: ["/bin/true"] },
        unitConfig: { "X-StopOnRemoval": false },
        restartIfChanged: false,
        stopIfChanged: false,
        restartTriggers: ["config-v1", 2],
        startAt: "daily",
      },
      nginx: { reloadIfChanged: true, serviceConfig: { ExecStart: "/usr/sbin/nginx", ExecReload: "/usr/sbin/nginx -s reload" } },
      off: { enable: false, script: "true" },
    },
    sockets: { web: { listenStreams: ["8080", "/run/web.sock"], wantedBy: ["sockets.target"], socketConfig: { Accept: false } } },
    paths: { watch: { pathConfig: { PathChanged: "/etc/web.conf", Unit: "web.service" }, requiredBy: ["multi-user.target"] } },
    targets: { apps: { description: "Applications", wants: ["web.service"] } },
    maskedUnits: ["apt-daily.timer"],
  },
});

const webModule = ({ pkgs }: { pkgs: Record<string, unknown> }) => web(pkgs);

test("unitsSpec(): unit files as NixOS renders them (golden)", () => {
  const s = spec(webModule);
  for (const name of Object.keys(s.units).filter((n) => !s.units[n]?.masked).sort()) assertGolden(join(GOLDEN, name), s.units[name]?.text ?? "");
  assertGolden(join(GOLDEN, "files.txt"), listing(s) + "\n");
});

test("unitsSpec(): what switching needs, read from the unit text", () => {
  const s = spec(webModule);
  const flags = (n: string) => {
    const u = s.units[n];
    assert.ok(u !== undefined, n);
    return { restart: u.restartIfChanged, reload: u.reloadIfChanged, stop: u.stopIfChanged, removal: u.stopOnRemoval, masked: u.masked, wantedBy: u.wantedBy };
  };
  assert.deepEqual(flags("web.service"), { restart: false, reload: false, stop: false, removal: false, masked: false, wantedBy: ["system-manager.target"] });
  assert.deepEqual(flags("nginx.service"), { restart: true, reload: true, stop: true, removal: true, masked: false, wantedBy: [] });
  assert.deepEqual(flags("web.timer").wantedBy, ["system-manager.target"]);
  assert.deepEqual(flags("watch.path").wantedBy, ["system-manager.target"]);
  assert.deepEqual(flags("apt-daily.timer"), { restart: true, reload: false, stop: true, removal: true, masked: true, wantedBy: [] });
  assert.equal(s.units["off.service"], undefined);
});

test("unitsSpec(): the seed's configuration has only system-manager.target, wanted by default.target", () => {
  const s = spec({});
  assert.deepEqual(Object.keys(s.units), ["system-manager.target"]);
  assert.equal(s.units["system-manager.target"]?.text, "[Unit]\n\n");
  assert.equal(listing(s), "etc/systemd/system/default.target.wants/system-manager.target -> ../system-manager.target\netc/systemd/system/system-manager.target");
});

test("unitsSpec(): system-manager.target declared wanted by multi-user.target (mapped to itself) wants no more than default.target", () => {
  const s = spec({ systemd: { targets: { "system-manager": { enable: true, description: "System Manager Service", requires: ["multi-user.target"], after: ["multi-user.target"], wantedBy: ["multi-user.target"] } } } });
  assert.equal(listing(s), "etc/systemd/system/default.target.wants/system-manager.target -> ../system-manager.target\netc/systemd/system/system-manager.target");
  assert.match(s.units["system-manager.target"]?.text ?? "", /^Requires=multi-user\.target$/m);
  assert.doesNotMatch(s.units["system-manager.target"]?.text ?? "", /WantedBy=.*system-manager\.target/);
});

test("unitsSpec(): a changed script changes ExecStart; the same configuration gives the same text", () => {
  const text = (script: string) => spec({ systemd: { services: { a: { script } } } }).units["a.service"]?.text;
  assert.equal(text("echo 1"), text("echo 1"));
  assert.notEqual(text("echo 1"), text("echo 2"));
  assert.match(text("echo 1") ?? "", /^ExecStart=\/etc\/systemd\/system\/system-manager-scripts\/[0-9a-z]{32}\/a-start$/m);
});

test("unitsSpec(): a masked unit that is also defined is only masked", () => {
  const s = spec({ systemd: { services: { a: { script: "true", wantedBy: ["multi-user.target"] } }, maskedUnits: ["a.service"] } });
  assert.equal(s.units["a.service"]?.masked, true);
  assert.deepEqual(s.files.get("etc/systemd/system/a.service"), { kind: "symlink", target: "/dev/null" });
  assert.equal(s.files.has("etc/systemd/system/system-manager.target.wants/a.service"), false);
});

test("unitsSpec(): a unit name that is not one is refused", () => {
  assert.throws(() => spec({ systemd: { services: { "../x": { script: "true" } } } }), (e: unknown) => e instanceof UserError && /Cannot use '\.\.\/x\.service' as a unit name/.test(e.message));
});

test("serviceConfig: list definitions concatenate, different scalars conflict as in NixOS", () => {
  const both = (a: unknown, b: unknown) => spec({ imports: [{ systemd: { services: { a: { serviceConfig: a } } } }, { systemd: { services: { a: { serviceConfig: b } } } }] });
  assert.match(both({ ExecStartPre: ["/bin/a"] }, { ExecStartPre: "/bin/b" }).units["a.service"]?.text ?? "", /ExecStartPre=\/bin\/b\nExecStartPre=\/bin\/a\n|ExecStartPre=\/bin\/a\nExecStartPre=\/bin\/b\n/);
  assert.equal(both({ Type: "simple" }, { Type: "simple" }).units["a.service"]?.text.includes("Type=simple\n"), true);
  assert.throws(() => both({ Type: "simple" }, { Type: "oneshot" }), /conflicting definition values/);
});
