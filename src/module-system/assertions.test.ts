/**
 * assertions and warnings are ordinary options: declared by a module as
 * lists, they collect definitions from every module (checking them is the
 * consumer's job).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { configOf, declare, mkIf, mkOption, types } from "./test-support.ts";

type Cfg = { config: Record<string, any> };
const assertionsModule = declare(
  {
    assertions: mkOption({ type: types.listOf(types.unspecified), default: [], internal: true }),
    warnings: mkOption({ type: types.listOf(types.str), default: [], internal: true }),
    port: mkOption({ type: types.port, default: 80 }),
  },
  "misc/assertions.nix",
);

test("assertions and warnings collect from several modules, conditions decided lazily", () => {
  const c = configOf(
    assertionsModule,
    ({ config }: Cfg) => ({ assertions: [{ get assertion() { return config.port !== 22; }, message: "port 22 is for ssh" }] }),
    ({ config }: Cfg) => ({ warnings: mkIf(() => config.port < 1024, ["port below 1024 needs privileges"]) }),
    { warnings: ["first"], assertions: [{ assertion: true, message: "always fine" }] },
    { port: 22 },
  );
  assert.deepEqual(
    c.assertions.map((a: { assertion: boolean; message: string }) => [a.assertion, a.message]),
    [[true, "always fine"], [false, "port 22 is for ssh"]],
  );
  assert.deepEqual(c.warnings, ["first", "port below 1024 needs privileges"]);
});

test("without definitions, assertions and warnings are empty", () => {
  const c = configOf(assertionsModule, { port: 8080 });
  assert.deepEqual([c.assertions, c.warnings], [[], []]);
});

test("a failed assertion is a value, not an error", () => {
  const c = configOf(assertionsModule, { assertions: [{ assertion: false, message: "nope" }] });
  assert.equal(c.assertions[0].assertion, false);
});
