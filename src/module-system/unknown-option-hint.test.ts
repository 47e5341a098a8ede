/**
 * The unknown option's error names the command listing the options beside
 * it once the CLI registered one (`system-manager option <prefix>`), at
 * the top level and inside a submodule, after its "Did you mean".
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { declare, errorOf, evalJs, mkOption, types } from "./test-support.ts";
import { registerOptionCommand } from "./unknown-option.ts";
import { toJS } from "../nix/js-value.ts";

test("an unknown option's error says where to list the options there", () => {
  const decls = () => declare({ services: { ssh: { enable: mkOption({ type: types.bool, default: false }) } }, users: mkOption({ type: types.attrsOf(types.submodule({ options: { uid: mkOption({ type: types.int }) } })), default: {} }) });
  const before = errorOf(() => evalJs([decls(), { services: { ssh: { enabel: true } } }]).config).message;
  assert.doesNotMatch(before, /to list the options there/);
  registerOptionCommand("system-manager option");
  const top = errorOf(() => evalJs([decls(), { services: { ssh: { enabel: true } } }]).config).message;
  assert.match(top, /^The option `services.ssh.enabel' does not exist\. Definition values:\n.*\n\nDid you mean `services.ssh.enable'\?\n\nRun `system-manager option services.ssh' to list the options there\.$/s);
  const nested = errorOf(() => JSON.stringify(toJS(evalJs([decls(), { users: { alice: { uidd: 1 } } }]).config))).message;
  assert.match(nested, /Run `system-manager option users.alice' to list the options there\.$/);
});
