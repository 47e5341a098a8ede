import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { unitsSpec, type SystemdConfig, type UnitsSpec } from "./units-spec.ts";
import { assertGolden } from "../../../test/helpers/golden.ts";
import { evaluateSystem } from "../evaluate-system.ts";
import { checkAssertions } from "../check-assertions.ts";
import { toJS } from "../../nix/js-value.ts";
import type { Lazy } from "../../nix/value.ts";
import { module } from "../../../test/helpers/system.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import type { TreeEntry } from "../../store/file-tree.ts";
import { escapeSystemdPath } from "./escape-path.ts";

const GOLDEN = join(import.meta.dirname, "golden", "parity");
const PKG = "/var/lib/system-manager/store/00000000000000000000000000000000-hello-unit";

/** A package shipping hello-pkg.service, an alias of it and a drop-in, as the build's source reader sees it. */
const readPackage = (dir: string): ReadonlyMap<string, TreeEntry> | undefined =>
  dir === `${PKG}/lib/systemd/system`
    ? new Map<string, TreeEntry>([
        ["hello-pkg.service", { kind: "file", content: Buffer.from("[Service]\nExecStart=/bin/true\n"), executable: false }],
        ["hello-alias.service", { kind: "symlink", target: "hello-pkg.service" }],
        ["multi-user.target.wants/hello-pkg.service", { kind: "symlink", target: "../hello-pkg.service" }],
      ])
    : undefined;

function evaluate(config: unknown) {
  const { evaluation } = evaluateSystem([module({ nixpkgs: { hostPlatform: "x86_64-linux" } }), module(config)]);
  return evaluation;
}

const spec = (config: unknown): UnitsSpec => unitsSpec(toJS(evaluate(config).config.lazy("systemd") as Lazy) as SystemdConfig, readPackage);

const listing = (s: UnitsSpec) =>
  [...s.files.keys()]
    .sort()
    .map((p) => {
      const e = s.files.get(p) as TreeEntry;
      return e.kind === "symlink" ? `${p} -> ${e.target}` : `${p}${e.executable ? " (executable)" : ""}`;
    })
    .join("\n") + "\n";

const parity = {
  systemd: {
    services: {
      app: {
        description: "App",
        requisite: ["network.target"],
        upholds: ["helper.service"],
        onSuccess: ["done.service"],
        propagatesReloadTo: ["helper.service"],
        reloadPropagatedFrom: ["web.target"],
        startLimitBurst: 3,
        startLimitIntervalSec: 60,
        aliases: ["application.service"],
        upheldBy: ["multi-user.target"],
        wantedBy: ["multi-user.target"],
        reloadTriggers: ["conf-v1"],
        notSocketActivated: true,
        script: "exec sleep infinity",
        scriptArgs: "%i --verbose",
        reload: "kill -HUP $MAINPID",
        preStop: "echo stopping",
        postStop: "rm -f /run/app.pid",
      },
      cron: { overrideStrategy: "asDropin", environment: { FROM_DROPIN: "1" } },
      "hello-pkg": { wantedBy: ["multi-user.target"], serviceConfig: { Environment: "X=1" } },
    },
    mounts: [{ what: "tmpfs", where: "/mnt/my-data", type: "tmpfs", options: "size=16M,mode=0755", wantedBy: ["local-fs.target"] }],
    automounts: [{ where: "/mnt/my-data", wantedBy: ["multi-user.target"] }],
    slices: { apps: { description: "Applications", sliceConfig: { MemoryMax: "1G" } } },
    units: {
      "raw.service": { text: "[Service]\nType=oneshot\nExecStart=/bin/true\n", wantedBy: ["multi-user.target"], aliases: ["raw-alias.service"] },
      "app.service": { requiredBy: ["apps.target"] },
    },
    targets: { apps: {} },
    packages: [PKG],
  },
};

test("unitsSpec(): the rest of NixOS's unit options, rendered as NixOS renders them (golden)", () => {
  const s = spec(parity);
  for (const name of Object.keys(s.units).sort()) assertGolden(join(GOLDEN, name.replace(/\\/g, "_")), s.units[name]?.text ?? "");
  assertGolden(join(GOLDEN, "files.txt"), listing(s));
});

test("unitsSpec(): a drop-in on a host unit is marked so, a packaged unit with options gets a drop-in, reload triggers are keyed apart", () => {
  const s = spec(parity);
  assert.equal(s.units["cron.service"]?.dropIn, true);
  assert.equal(s.files.has("etc/systemd/system/cron.service"), false);
  assert.equal(s.units["hello-pkg.service"]?.dropIn, undefined);
  assert.equal(s.files.get("etc/systemd/system/hello-pkg.service")?.kind, "symlink");
  assert.equal(s.files.get("etc/systemd/system/hello-pkg.service.d/overrides.conf")?.kind, "file");
  assert.equal(s.units["app.service"]?.notSocketActivated, true);
  const other = spec({ systemd: { services: { app: { ...parity.systemd.services.app, reloadTriggers: ["conf-v2"] } } } }).units["app.service"];
  const first = spec({ systemd: { services: { app: parity.systemd.services.app } } }).units["app.service"];
  assert.notEqual(other?.sha256, first?.sha256);
  assert.equal(other?.restartKey, first?.restartKey);
  assert.notEqual(other?.reloadKey, first?.reloadKey);
});

test("escapeSystemdPath(): as systemd-escape --path", () => {
  assert.equal(escapeSystemdPath("/"), "-");
  assert.equal(escapeSystemdPath("/mnt/my-data/"), "mnt-my\\x2ddata");
  assert.equal(escapeSystemdPath("//var//lib/.hidden dir"), "var-lib-.hidden\\x20dir");
  assert.equal(escapeSystemdPath("/.x/ü"), "\\x2ex-\\xc3\\xbc");
});

test("a unit's text twice, or an alias over a unit, is refused with the options named", () => {
  // The text of a.service is the service's (NixOS derives systemd.units from the kinds): a second one conflicts, in NixOS's words.
  assert.throws(() => spec({ systemd: { services: { a: {} }, units: { "a.service": { text: "" } } } }), (e: unknown) => e instanceof UserError && /The option `systemd\.units\."a\.service"\.text' has conflicting definition values/.test(e.message));
  assert.throws(() => spec({ systemd: { services: { a: { aliases: ["b.service"] }, b: {} } } }), (e: unknown) => e instanceof UserError && /Cannot generate \/etc\/systemd\/system\/b\.service/.test(e.message));
});

test("systemd.package, shutdown and enableStrictShellChecks are accepted with a warning; generators become /etc links", () => {
  const ev = evaluate({ systemd: { package: "/usr", shutdown: { x: "/bin/true" }, services: { s: { enableStrictShellChecks: true } }, generators: { "systemd-gpt-auto-generator": "/dev/null" } } });
  const warnings = checkAssertions(ev);
  assert.equal(warnings.filter((w) => /^systemd\.(package|shutdown|enableStrictShellChecks) has no effect/.test(w)).length, 3, warnings.join("\n"));
  const etc = toJS(ev.config.lazy("environment") as Lazy) as { etc: Record<string, { source: unknown }> };
  assert.equal(String(etc.etc["systemd/system-generators/systemd-gpt-auto-generator"]?.source), "/dev/null");
  assert.deepEqual(checkAssertions(evaluate({})).filter((w) => w.startsWith("systemd.")), []);
});

test("a Debian package of pkgs ships the units of its own .deb (lib/systemd/system), found through its info.json", () => {
  const out = "/var/lib/system-manager/store/11111111111111111111111111111111-cron-3.0";
  const deb = "/var/lib/system-manager/store/22222222222222222222222222222222-cron_3.0_amd64";
  const file = (text: string): TreeEntry => ({ kind: "file", content: Buffer.from(text), executable: false });
  const tree: Record<string, ReadonlyMap<string, TreeEntry>> = {
    [`${out}/.system-manager/info.json`]: new Map([["", file(JSON.stringify({ attr: "cron", package: "cron", version: "3.0", references: ["/var/lib/system-manager/store/33333333333333333333333333333333-libc6", deb] }))]]),
    [`/var/lib/system-manager/store/33333333333333333333333333333333-libc6/.system-manager/info.json`]: new Map([["", file(JSON.stringify({ name: "libc6" }))]]),
    [`${deb}/.system-manager/info.json`]: new Map([["", file(JSON.stringify({ name: "cron", version: "3.0" }))]]),
    [`${deb}/lib/systemd/system`]: new Map([["cron.service", file("[Service]\nExecStart=/usr/sbin/cron -f\n")]]),
  };
  const cfg = toJS(evaluate({ systemd: { packages: [out] } }).config.lazy("systemd") as Lazy) as SystemdConfig;
  const s = unitsSpec(cfg, (dir) => tree[dir]);
  assert.deepEqual(s.files.get("etc/systemd/system/cron.service"), { kind: "symlink", target: `${deb}/lib/systemd/system/cron.service` });
  assert.equal(s.units["cron.service"]?.text, "[Service]\nExecStart=/usr/sbin/cron -f\n");
});
