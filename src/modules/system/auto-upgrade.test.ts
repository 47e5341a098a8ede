/**
 * system.autoUpgrade (auto-upgrade.ts): the upgrade service, its job
 * script and its timer as generated (golden), the flake required when
 * enabled, the NixOS options that only warn, and the command run being
 * the system-manager package's (build/cli-package.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { assertGolden } from "../../../test/helpers/golden.ts";
import { unitsOf } from "../../../test/helpers/units.ts";
import { evaluateSystem } from "../../build/evaluate-system.ts";
import { checkAssertions } from "../../build/check-assertions.ts";
import { lazyFromJS, toJS } from "../../nix/js-value.ts";
import { NixAttrs, type Lazy } from "../../nix/value.ts";
import { cliPackage } from "../../build/cli-package-value.ts";

const GOLDEN = join(import.meta.dirname, "golden", "auto-upgrade");
const CLI = "/opt/system-manager/bin/system-manager";

function evaluate(autoUpgrade: Record<string, unknown>) {
  const cfg = { nixpkgs: { hostPlatform: "x86_64-linux" }, system: { autoUpgrade } };
  return evaluateSystem([NixAttrs.from({ _file: "/cfg/system.nix", imports: [lazyFromJS(cfg)] })]).evaluation;
}

test("the upgrade service, its script and its timer (golden): defaults, then every setting", () => {
  for (const [name, autoUpgrade] of [
    ["defaults", { enable: true, flake: "github:numtide/example" }],
    ["custom", { enable: true, flake: "path:/srv/config", flags: ["--ephemeral"], dates: "daily", randomizedDelaySec: "45min", fixedRandomDelay: true, persistent: false }],
  ] as const) {
    const s = unitsOf({ system: { autoUpgrade: { ...autoUpgrade, systemManager: CLI } } });
    const files = [...s.files].filter(([p]) => p.includes("system-manager-upgrade")).sort(([a], [b]) => (a < b ? -1 : 1));
    const text = files.map(([p, e]) => `== ${p}\n${e.kind === "file" ? e.content.toString("utf8") : e.kind === "symlink" ? `-> ${e.target}\n` : ""}`).join("");
    assertGolden(join(GOLDEN, `${name}.txt`), text);
  }
});

test("disabled, there is no upgrade unit", () => {
  const s = unitsOf({ system: { autoUpgrade: { flake: "github:numtide/example" } } });
  assert.deepEqual(Object.keys(s.units).filter((n) => n.startsWith("system-manager-upgrade")), []);
});

test("enabled without a flake, the build stops on an assertion that names what to set", () => {
  assert.throws(() => checkAssertions(evaluate({ enable: true })), (e: Error) => {
    assert.match(e.message, /^\nFailed assertions:\n- system\.autoUpgrade\.enable is set but system\.autoUpgrade\.flake is not: the upgrade needs the flake to switch to, such as system\.autoUpgrade\.flake = "github:owner\/repo";\n  \(defined in `\/cfg\/system\.nix'\)$/);
    return true;
  });
});

test("NixOS's options that mean nothing here are accepted, each with a warning when set", () => {
  const warnings = checkAssertions(
    evaluate({ enable: true, flake: "github:numtide/example", allowReboot: true, rebootWindow: { lower: "01:00", upper: "05:00" }, operation: "boot", channel: "https://nixos.org/channels/nixos-unstable", upgrade: false }),
  );
  assert.deepEqual(warnings, [
    "system.autoUpgrade.allowReboot has no effect: system-manager does not manage the kernel or initrd",
    "system.autoUpgrade.rebootWindow has no effect: system-manager does not manage the kernel or initrd",
    "system.autoUpgrade.operation has no effect: system-manager only supports switch",
    "system.autoUpgrade.channel has no effect: system-manager is flake-only",
    "system.autoUpgrade.upgrade has no effect in system-manager",
  ]);
  assert.deepEqual(checkAssertions(evaluate({ enable: true, flake: "github:numtide/example" })), []);
});

test("the upgrade runs the system-manager that built the configuration, as a store path: the modules' `system-manager`", () => {
  const ev = evaluate({ enable: true, flake: "github:numtide/example" });
  const au = (toJS(ev.config.lazy("system") as Lazy) as { autoUpgrade: { systemManager: string; flags: string[] } }).autoUpgrade;
  assert.equal(au.systemManager, `${cliPackage().path}/bin/system-manager`);
  assert.match(au.systemManager, /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-system-manager-[^/]+\/bin\/system-manager$/);
  assert.deepEqual([...au.flags], ["--refresh", "--flake github:numtide/example"]);
  const withFlags = (toJS(evaluate({ enable: true, flake: "path:/srv", flags: ["--ephemeral"] }).config.lazy("system") as Lazy) as { autoUpgrade: { flags: string[] } }).autoUpgrade;
  assert.deepEqual([...withFlags.flags], ["--refresh", "--flake path:/srv", "--ephemeral"], "the configuration's flags come after the two always given");
});
