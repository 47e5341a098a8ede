import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { evaluateSystem } from "../../../build/evaluate-system.ts";
import { lazyFromJS, toJS } from "../../../nix/js-value.ts";
import { NixAttrs, type Lazy } from "../../../nix/value.ts";
import { assertGolden } from "../../../../test/helpers/golden.ts";
import { renderSudoers } from "./sudoers.ts";

const GOLDEN = join(import.meta.dirname, "golden");

function etcOf(...modules: unknown[]): Record<string, any> {
  const base = { nixpkgs: { hostPlatform: "x86_64-linux" } };
  const { evaluation } = evaluateSystem([base, ...modules].map((m, i) => NixAttrs.from({ _file: `/cfg/module-${i}.nix`, imports: [lazyFromJS(m)] })));
  return (toJS(evaluation.config.lazy("environment") as Lazy) as Record<string, any>).etc;
}

test("security.sudo is off by default: no /etc/sudoers", () => {
  assert.equal(etcOf({}).sudoers, undefined);
});

test("security.sudo.enable: NixOS's sudoers (root and wheel rules, terminfo) with system-manager's @includedir, 0440, replacing the host's, checked by visudo", () => {
  const e = etcOf({ security: { sudo: { enable: true } } }).sudoers;
  assertGolden(join(GOLDEN, "default.sudoers"), e.text);
  assert.equal(e.mode, "0440");
  assert.equal(e.replaceExisting, true);
  assert.deepEqual(e.validate.command, ["/usr/sbin/visudo", "-c", "-f", "%s"]);
});

test("extraRules: users by name or #uid, groups as %name or %#gid, tags before commands, runAs and host; ordered after root's and wheel's rules; extraConfig last", () => {
  const sudo = {
    enable: true,
    wheelNeedsPassword: false,
    keepTerminfo: false,
    extraRules: [
      { users: ["alice", 1001], commands: [{ command: "ALL", options: ["NOPASSWD"] }] },
      { groups: ["ops", 1006], runAs: "postgres", host: "db1", commands: ["/usr/bin/psql", { command: '/usr/bin/pg_dump ""', options: ["SETENV", "NOPASSWD"] }] },
      { users: ["nobody"], commands: [] },
    ],
    extraConfig: "Defaults timestamp_timeout=5\n",
  };
  assertGolden(join(GOLDEN, "rules.sudoers"), etcOf({ security: { sudo } }).sudoers.text);
});

test("a rule given with mkBefore comes before wheel's rule but after root's (orders 400 and 600, as NixOS)", () => {
  const early = { _type: "order", priority: 500, content: [{ users: ["bob"], commands: ["ALL"] }] };
  const text: string = etcOf({ security: { sudo: { enable: true, extraRules: early } } }).sudoers.text;
  const lines = text.split("\n").filter((l) => /ALL=/.test(l));
  assert.deepEqual(lines, ["root     ALL=(ALL:ALL)    SETENV: ALL", "bob     ALL=(ALL:ALL)    ALL", "%wheel  ALL=(ALL:ALL)    SETENV: ALL"]);
});

test("a configFile of one's own is added to the generated one (types.lines, as NixOS)", () => {
  const text: string = etcOf({ security: { sudo: { enable: true, configFile: "Defaults lecture=never" } } }).sudoers.text;
  assert.ok(text.startsWith("Defaults lecture=never\n# Don't edit this file."), text);
  assert.ok(text.includes("root     ALL=(ALL:ALL)    SETENV: ALL\n"), text);
});

test("renderSudoers(): no rules and no extraConfig leave the header and the separator only", () => {
  assert.equal(renderSudoers([], ""), "# Don't edit this file. Set the NixOS options ‘security.sudo.configFile’\n# or ‘security.sudo.extraRules’ instead.\n\n\n");
});
