import { test } from "node:test";
import assert from "node:assert/strict";
import { createBuiltins } from "./index.ts";
import { Evaluator } from "../eval/evaluator.ts";
import { nodeIO } from "../io.ts";
import { printValue } from "../print-value.ts";

const DOC = `
meeting = 2024-02-29T23:59:59.5+05:30
noon_utc = 2024-02-29 12:00:00+00:00
lower = 2024-02-29t06:07:08z
local = 2024-02-29T06:07:08.000
day = 2024-02-29
tick = 12:00:00.000001
finest = 12:00:00.0000000019
list = [ 1999-12-31, 23:59:59 ]
`;

function fromTOML(features: string[]): string {
  const ev = new Evaluator({ io: nodeIO, pure: true, currentSystem: undefined, createBuiltins, experimentalFeatures: features });
  return printValue(ev.evalSource(`builtins.fromTOML ''${DOC}''`, "/t.nix", "/"), { strict: true });
}

test("with parse-toml-timestamps, dates and times are timestamp sets, written as Nix's TOML library writes them", () => {
  const stamp = (v: string) => `{ _type = "timestamp"; value = "${v}"; }`;
  assert.equal(
    fromTOML(["parse-toml-timestamps"]),
    `{ day = ${stamp("2024-02-29")}; finest = ${stamp("12:00:00.000000001")}; list = [ ${stamp("1999-12-31")} ${stamp("23:59:59")} ]; ` +
      `local = ${stamp("2024-02-29T06:07:08")}; lower = ${stamp("2024-02-29T06:07:08Z")}; meeting = ${stamp("2024-02-29T23:59:59.500+05:30")}; ` +
      `noon_utc = ${stamp("2024-02-29T12:00:00Z")}; tick = ${stamp("12:00:00.000001")}; }`,
  );
});

test("without the feature, a date or time is refused as Nix refuses it", () => {
  assert.throws(() => fromTOML([]), { message: /^while parsing TOML: Dates and times are not supported/ });
});
