/**
 * The systemd part of a generation for a configuration given as a
 * JavaScript module: evaluates it with the systemd option modules and runs
 * unitsSpec on the result.
 */
import { evaluateSystem } from "../../src/build/evaluate-system.ts";
import { unitsSpec, type SystemdConfig, type UnitsSpec } from "../../src/build/systemd/units-spec.ts";
import { toJS } from "../../src/nix/js-value.ts";
import type { Lazy } from "../../src/nix/value.ts";
import { module } from "./system.ts";

export function unitsOf(config: unknown): UnitsSpec {
  const { evaluation } = evaluateSystem([module({ nixpkgs: { hostPlatform: "x86_64-linux" } }), module(config)]);
  return unitsSpec(toJS(evaluation.config.lazy("systemd") as Lazy) as SystemdConfig);
}
