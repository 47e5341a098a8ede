import { test } from "node:test";
import assert from "node:assert/strict";
import { evalModules } from "../module-system/eval-modules.ts";
import { jsLib } from "../module-system/js-lib.ts";
import { lazyFromJS } from "../nix/js-value.ts";
import { renderOptionTypes } from "./option-types-emitter.ts";

const { mkOption, types } = jsLib;

function render(options: Record<string, unknown>): string {
  const ev = evalModules({ modules: [lazyFromJS({ options })] });
  return renderOptionTypes([{ name: "TestConfig", prefix: "Test", options: ev.options, doc: "The test tree." }]);
}

test("maps each option type to its TypeScript type", () => {
  const text = render({
    flag: mkOption({ type: types.bool, description: "A flag." }),
    count: mkOption({ type: types.ints.unsigned }),
    name: mkOption({ type: types.str }),
    script: mkOption({ type: types.lines }),
    dir: mkOption({ type: types.path }),
    mode: mkOption({ type: types.enum(["a", "b", 3]) }),
    list: mkOption({ type: types.listOf(types.int) }),
    env: mkOption({ type: types.attrsOf(types.nullOr(types.str)) }),
    either: mkOption({ type: types.either(types.bool, types.enum(["auto"])) }),
    pkg: mkOption({ type: types.package }),
    any: mkOption({ type: types.anything }),
    raw: mkOption({ type: types.raw }),
  });
  const expected = [
    "flag?: Def<boolean>;",
    "count?: Def<number>;",
    "name?: Def<string>;",
    "script?: Def<string>;",
    "dir?: Def<string | URL>;",
    'mode?: Def<"a" | "b" | 3>;',
    "list?: Def<readonly Def<number>[]>;",
    "env?: Def<{ [name: string]: Def<string | null> }>;",
    'either?: Def<boolean | "auto">;',
    "pkg?: Def<Package>;",
    "any?: Def<unknown>;",
    "raw?: Def<unknown>;",
  ];
  for (const line of expected) assert.ok(text.includes(`  ${line}\n`), `missing ${line} in:\n${text}`);
  assert.match(text, /\/\*\*\n {3}\* A flag\.\n {3}\*\n {3}\* Type: boolean\n {3}\*\/\n {2}flag\?/);
  assert.match(text, /^import type \{ Def, Package \} from "\.\/option-values\.ts";$/m);
  assert.ok(!text.includes("_module"));
});

test("nests plain levels and submodules as named interfaces", () => {
  const text = render({
    services: { "my-app": { enable: mkOption({ type: types.bool }) } },
    users: mkOption({
      type: types.attrsOf(types.submodule({ options: { uid: mkOption({ type: types.nullOr(types.int), description: "The UID." }) } })),
    }),
  });
  assert.match(text, /export interface TestConfig \{\n[^}]*services\?: Def<TestServices>;/);
  assert.match(text, /export interface TestServices \{\n {2}"my-app"\?: Def<TestServicesMyApp>;\n\}/);
  assert.match(text, /users\?: Def<\{ \[name: string\]: Def<Submodule<TestUsers>> \}>;/);
  assert.match(text, /export interface TestUsers \{\n[\s\S]*uid\?: Def<number \| null>;\n\}/);
});

test("a freeform submodule accepts extra keys", () => {
  const text = render({
    settings: mkOption({
      type: types.submodule({ freeformType: types.attrsOf(types.str), options: { known: mkOption({ type: types.str }) } }),
    }),
  });
  assert.match(text, /export interface TestSettings \{\n[\s\S]*known\?: Def<string>;\n[\s\S]*\[name: string\]: unknown;\n\}/);
  assert.ok(!text.includes("_freeformOptions"), "the freeform type's documentation options are no member");
});

test("the output is stable: rendering twice gives the same text", () => {
  const options = { a: mkOption({ type: types.str }), b: { c: mkOption({ type: types.int }) } };
  assert.equal(render(options), render(options));
});
