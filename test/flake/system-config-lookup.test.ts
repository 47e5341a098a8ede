/**
 * Finding the configuration a `--flake DIR#NAME` names, as system-manager's
 * find_flake_attr does: NAME is an attribute path tried below
 * `systemConfigs.<system>` first, then below `systemConfigs`; without a
 * name, the hostname (one attribute, even with dots), then `default`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { evalExpr } from "../../src/nix/evaluate.ts";
import { NixAttrs } from "../../src/nix/value.ts";
import { findSystemConfig } from "../../src/flake/system-config.ts";
import { UserError } from "../../src/diagnostics/user-error.ts";

const outputs = evalExpr(`{
  systemConfigs = {
    x86_64-linux = { web = "per-system web"; "db.example" = "per-system db"; };
    web = "top web";
    edge = "top edge";
    "host.example.org" = "the host";
    fleet.a = "fleet a";
    default = "top default";
  };
}`) as NixAttrs;
const find = (name: string | undefined, hostname = "nohost") => findSystemConfig(outputs, "/f", "x86_64-linux", hostname, name);

test("a name is looked up below the system first, then at the top", () => {
  assert.equal(find("web"), "per-system web");
  assert.equal(find("edge"), "top edge");
  assert.equal(find("systemConfigs.edge"), "top edge");
});

test("a name is an attribute path: the system written out, nested sets, quoted names", () => {
  assert.equal(find("x86_64-linux.web"), "per-system web");
  assert.equal(find("fleet.a"), "fleet a");
  assert.equal(find(`"db.example"`), "per-system db");
  assert.equal(find(`x86_64-linux."db.example"`), "per-system db");
  assert.throws(() => find("fleet.b"), (e: unknown) => e instanceof UserError && /does not point to a valid system-manager configuration: \/f#fleet\.b/.test(e.message));
});

test("without a name: the hostname as one attribute, then default", () => {
  assert.equal(find(undefined, "host.example.org"), "the host");
  assert.equal(find(undefined, "elsewhere"), "top default");
});
