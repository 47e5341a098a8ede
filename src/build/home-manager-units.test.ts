import { test } from "node:test";
import assert from "node:assert/strict";
import { force, NixAttrs, Thunk, type Lazy } from "../nix/value.ts";
import { withoutHomeManagerUnits } from "./home-manager-units.ts";

const never = (what: string) => new Thunk(() => assert.fail(`${what} was evaluated`));

test("the home-manager-<user> units of Home Manager users leave `services` and the `units` made of them, unevaluated", () => {
  const cfg = NixAttrs.from({
    "home-manager": NixAttrs.from({ users: NixAttrs.from({ dz: never("dz's home") }) }),
    systemd: NixAttrs.from({
      services: NixAttrs.from({ "home-manager-dz": never("the service"), nginx: NixAttrs.empty }),
      units: NixAttrs.from({ "home-manager-dz.service": never("the unit (its activation package)"), "nginx.service": NixAttrs.empty, "home-manager-dz.timer": NixAttrs.empty }),
      tmpfiles: NixAttrs.empty,
    }),
  });
  const systemd = force(withoutHomeManagerUnits(cfg) as Lazy) as NixAttrs;
  assert.deepEqual((systemd.get("services") as NixAttrs).keys(), ["nginx"]);
  assert.deepEqual((systemd.get("units") as NixAttrs).keys(), ["home-manager-dz.timer", "nginx.service"]);
  assert.deepEqual(systemd.keys(), ["services", "tmpfiles", "units"]);
});
