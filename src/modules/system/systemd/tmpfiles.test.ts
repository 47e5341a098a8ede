import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluateSystem } from "../../../build/evaluate-system.ts";
import { toJS } from "../../../nix/js-value.ts";
import type { Lazy } from "../../../nix/value.ts";
import { module } from "../../../../test/helpers/system.ts";
import { renderTmpfilesRules, renderTmpfilesSettings } from "./tmpfiles-conf.ts";

function etcTexts(config: unknown): Record<string, string> {
  const { evaluation } = evaluateSystem([module({ nixpkgs: { hostPlatform: "x86_64-linux" } }), module(config)]);
  const etc = (toJS(evaluation.config.lazy("environment") as Lazy) as { etc: Record<string, { text: string }> }).etc;
  return Object.fromEntries(Object.keys(etc).filter((k) => k.startsWith("tmpfiles.d/")).map((k) => [k, etc[k]?.text ?? ""]));
}

test("renderTmpfilesRules(): system-manager's header, then the rules", () => {
  assert.equal(
    renderTmpfilesRules(["d /var/lib/a 0755 root root -", "L+ /run/b - - - - /etc/b"]),
    "# This file is created automatically and should not be modified.\n# Please change the option \u2018systemd.tmpfiles.rules\u2019 instead.\n\nd /var/lib/a 0755 root root -\nL+ /run/b - - - - /etc/b\n",
  );
});

test("renderTmpfilesSettings(): quoted fields by path and type, the argument C-escaped", () => {
  const e = { mode: "-", user: "-", group: "-", age: "-", argument: "" };
  assert.equal(
    renderTmpfilesSettings({ "/var/lib/b": { d: { ...e, type: "d", mode: "0750" } }, "/etc/a b": { f: { ...e, type: "f+", argument: "x y\\z\n" } } }),
    "'f+' '/etc/a b' '-' '-' '-' '-' x\\x20y\\x5cz\\x0a\n'd' '/var/lib/b' '0750' '-' '-' '-' \n",
  );
});

test("systemd.tmpfiles: rules and settings become /etc/tmpfiles.d files; none without rules", () => {
  const off = { "system-manager": { linkCurrentSystem: false } };
  assert.deepEqual(etcTexts(off), {});
  const texts = etcTexts({
    ...off,
    systemd: { tmpfiles: { rules: ["d /var/lib/foo 0755 root root -"], settings: { "10-foo": { "/var/lib/foo/state": { d: { mode: "0700", user: "foo" } } } } } },
  });
  assert.deepEqual(Object.keys(texts).sort(), ["tmpfiles.d/00-system-manager.conf", "tmpfiles.d/10-foo.conf"]);
  assert.equal(texts["tmpfiles.d/10-foo.conf"], "'d' '/var/lib/foo/state' '0700' 'foo' '-' '-' \n");
  assert.match(texts["tmpfiles.d/00-system-manager.conf"] ?? "", /\nd \/var\/lib\/foo 0755 root root -\n$/);
});

test("system-manager.linkCurrentSystem (on by default, as upstream's): /run/current-system links to /run/system-manager, an existing one left alone (L, not L+)", () => {
  assert.deepEqual(etcTexts({}), { "tmpfiles.d/00-system-manager.conf": renderTmpfilesRules(["L /run/current-system - - - - /run/system-manager"]) });
  const withRules = etcTexts({ systemd: { tmpfiles: { rules: ["d /var/lib/foo 0755 root root -"] } } });
  assert.match(withRules["tmpfiles.d/00-system-manager.conf"] ?? "", /\nL \/run\/current-system - - - - \/run\/system-manager\n/);
});
