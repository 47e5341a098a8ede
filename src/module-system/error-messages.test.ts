/**
 * Golden error messages, worded as NixOS words them, with definition sites
 * shown as `file:line` when the source recorded a position.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { at, configOf, declare, errorOf, evalJs, lazy, mkOption, optionValue, types } from "./test-support.ts";
import { NixAttrs } from "../nix/value.ts";
import { UserErrors } from "../diagnostics/user-error.ts";
import { OptionError } from "./option-error.ts";
import { CatchableError, EvalError } from "../nix/errors.ts";

const HINT = "Use `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.";
const services = declare({
  services: {
    openssh: { enable: mkOption({ type: types.bool, default: false }), ports: mkOption({ type: types.listOf(types.port), default: [22] }) },
    nginx: { enable: mkOption({ type: types.bool, default: false }) },
  },
  networking: { hostName: mkOption({ type: types.str }) },
});

test("an unknown option with one suggestion", () => {
  const e = errorOf(() => configOf(services, { _file: "host.nix", networking: { hostname: "h" } }));
  assert.ok(e instanceof OptionError);
  assert.equal(e.message, "The option `networking.hostname' does not exist. Definition values:\n- In `host.nix': \"h\"\n\nDid you mean `networking.hostName'?");
});

test("an unknown option with several suggestions, nearest first", () => {
  const e = errorOf(() => configOf(services, { services: { nginy: {}, openssh: { enabel: true } } }));
  assert.equal((e as UserErrors).errors[0]?.message, "The option `services.nginy' does not exist. Definition values:\n- In `<unknown-file>': { }\n\nDid you mean `services.nginx' or `services.openssh'?");
  assert.match((e as UserErrors).errors[1]?.message ?? "", /Did you mean `services\.openssh\.enable' or `services\.openssh\.ports'\?$/);
  const three = errorOf(() => configOf(declare({ ab: mkOption({}), ac: mkOption({}), ad: mkOption({}), zzzz: mkOption({}) }), { aa: 1 }));
  assert.match(three.message, /\n\nDid you mean `ab', `ac' or `ad'\?$/);
});

test("several unknown options are reported together", () => {
  const e = errorOf(() => configOf(services, { services: { openssh: { enabel: true } }, networking: { hostname: "h", hostName: "h" } }));
  assert.ok(e instanceof UserErrors);
  assert.deepEqual(
    e.errors.map((x) => x.message.split(" Definition")[0]),
    ["The option `networking.hostname' does not exist.", "The option `services.openssh.enabel' does not exist."],
  );
  assert.equal(e.message, e.errors.map((x) => x.message).join("\n"));
});

test("a definition in config of an evaluation that declares nothing", () => {
  const e = errorOf(() => configOf({ foo: 1 }));
  assert.equal(e.message, "The option `foo' does not exist. Definition values:\n- In `<unknown-file>': 1\n\nIt seems as if you're trying to declare an option by placing it into `config' rather than `options'!");
});

test("conflicting definitions list every site with its line", () => {
  const positioned = new NixAttrs(new Map([["hostName", "b"]]), new Map([["hostName", { file: "b.nix", line: 3, column: 5 }]]));
  const e = errorOf(
    () =>
      configOf(
        services,
        at("a.ts", { networking: 7 }, { _file: "a.ts", networking: at("a.ts", { hostName: 8 }, { hostName: "a" }) }),
        { _file: "b.nix", networking: positioned },
        { _file: "c.nix", networking: { hostName: "a" } },
      ).networking.hostName,
  );
  assert.equal(e.message, `The option \`networking.hostName' has conflicting definition values:\n- In \`c.nix': "a"\n- In \`b.nix:3': "b"\n- In \`a.ts:8': "a"\n${HINT}`);
  assert.deepEqual(e.location, { file: "b.nix", line: 3, column: 5 });
});

test("a unique option defined twice", () => {
  const e = errorOf(() => configOf(declare({ pkg: mkOption({ type: types.uniq(types.str) }) }), at("x.ts", { pkg: 2 }, { _file: "x.ts", pkg: "a" }), { _file: "y.nix", pkg: "a" }).pkg);
  assert.equal(e.message, `The option \`pkg' is defined multiple times while it's expected to be unique.\n\nDefinition values:\n- In \`y.nix': "a"\n- In \`x.ts:2': "a"\n${HINT}`);
});

test("an option read without a value", () => {
  const e = errorOf(() => configOf(services).networking.hostName);
  assert.equal(e.message, "The option `networking.hostName' was accessed but has no value defined. Try setting the option.");
  assert.deepEqual(e.context, ["while evaluating the option `networking.hostName':"]);
});

test("a definition of the wrong type names the option, the type and the site", () => {
  const e = errorOf(() => configOf(services, at("host.ts", { enable: 12 }, { _file: "host.ts", services: { openssh: { enable: "yes" } } })).services.openssh.enable);
  assert.equal(e.message, "A definition for option `services.openssh.enable' is not of type `boolean'. Definition values:\n- In `host.ts': \"yes\"");
  const positioned = errorOf(() => configOf(services, { _file: "host.ts", services: { openssh: at("host.ts", { enable: 12 }, { enable: "yes" }) } }).services.openssh.enable);
  assert.equal(positioned.message, "A definition for option `services.openssh.enable' is not of type `boolean'. Definition values:\n- In `host.ts:12': \"yes\"");
  const list = errorOf(() => configOf(services, { services: { openssh: { ports: [22, 70000] } } }).services.openssh.ports[1]);
  assert.equal(list.message, "A definition for option `services.openssh.ports.\"[definition 1-entry 2]\"' is not of type `16 bit unsigned integer; between 0 and 65535 (both inclusive)'. Definition values:\n- In `<unknown-file>': 70000");
});

test("multi-line values are indented and cut after five lines", () => {
  const e = errorOf(() => optionValue(types.int, { a: 1, b: 2, c: 3, d: 4, e: 5 }));
  assert.equal(e.message, "A definition for option `a' is not of type `signed integer'. Definition values:\n- In `<unknown-file>':\n    {\n      a = 1;\n      b = 2;\n      c = 3;\n      d = 4;\n    ...");
  const s = errorOf(() => optionValue(types.int, "line1\nline2\n"));
  assert.equal(s.message, "A definition for option `a' is not of type `signed integer'. Definition values:\n- In `<unknown-file>':\n    ''\n      line1\n      line2\n    ''");
});

test("a read-only option set twice", () => {
  const e = errorOf(() => configOf(declare({ ro: mkOption({ type: types.int, readOnly: true, default: 1 }) }, "decl.nix"), { _file: "user.nix", ro: 2 }).ro);
  assert.equal(e.message, "The option `ro' is read-only, but it's set multiple times. Definition values:\n- In `decl.nix': 1\n- In `user.nix': 2");
});

test("an option declared twice with conflicting attributes", () => {
  const e = errorOf(() =>
    evalJs([declare({ x: mkOption({ type: types.int, default: 1 }) }, "one.nix"), declare({ x: mkOption({ type: types.int }) }, "two.nix"), declare({ x: mkOption({ default: 2 }) }, "three.nix")]).config.get("x"),
  );
  assert.equal(e.message, "The option `x' in `one.nix' is already declared in `three.nix' and `two.nix'.");
  const types2 = errorOf(() => evalJs([declare({ x: mkOption({ type: types.int }) }, "one.nix"), declare({ x: mkOption({ type: types.str }) }, "two.nix")]).config.get("x"));
  assert.equal(types2.message, "The option `x' in `one.nix' is already declared in `two.nix'.");
});

test("an option declared with conflicting types fails only where it is read: the other options, and checking what is defined, still work (as nixpkgs)", () => {
  const modules = [
    declare({ x: mkOption({ type: types.int }), y: mkOption({ type: types.str }) }, "one.nix"),
    declare({ x: mkOption({ type: types.str }) }, "two.nix"),
    { _file: "defs.nix", config: { x: 1, y: "fine" } },
  ];
  const config = evalJs(modules).config;
  assert.equal(config.get("y"), "fine");
  assert.equal(errorOf(() => config.get("x")).message, "The option `x' in `one.nix' is already declared in `two.nix'.");
});

test("a set expected where a value was given", () => {
  const e = errorOf(() => configOf(services, { _file: "h.nix", services: 3 }).services);
  assert.equal(
    e.message,
    "In module `h.nix', you're trying to define a value of type `int'\nrather than an attribute set for the option\n`services'!\n\nThis usually happens if `services' has option\ndefinitions inside that are not matched. Please check how to properly define\nthis option by e.g. referring to `man 5 configuration.nix'!\n",
  );
});

test("option paths quote names that are not identifiers", () => {
  const e = errorOf(() => configOf(declare({ files: mkOption({ type: types.attrsOf(types.submodule({ options: { text: mkOption({ type: types.str }) } })) }) }), { files: { ".config/x.txt": { text: 1 } } }).files[".config/x.txt"].text);
  assert.match(e.message, /^A definition for option `files\.".config\/x\.txt"\.text' is not of type `string'/);
});

test("a bare type where an option is declared (found when the option is read)", () => {
  const e = errorOf(() => evalJs([declare({ port: types.port }, "m.nix")]).config.get("port"));
  assert.equal(
    e.message,
    "In module m.nix: expected an option declaration at option path `port` but got an attribute set with type option-type\n\n" +
      "When declaring an option, you must wrap the type in a `mkOption` call. It should look somewhat like:\n    \n    port = lib.mkOption {\n      description = ...;\n      type = <the type you wrote for port>;\n      ...\n    };\n",
  );
});

test("a configuration where an option is declared, nested: nixpkgs' declaration type error", () => {
  const e = errorOf(() => configOf(declare({ result: { here: { _type: "configuration" } } }, "c.nix")).result.here);
  assert.equal(e.message, "In module c.nix: expected an option declaration at option path `result.here` but got an attribute set with type configuration");
});

test("an unknown option's definition that throws is listed without its value; one that aborts is the error, saying which definition it was", () => {
  const thrown = errorOf(() => configOf(services, { _file: "t.nix", bogus: lazy(() => { throw new CatchableError("no"); }) }));
  assert.match(thrown.message, /^The option `bogus' does not exist\. Definition values:\n- In `t\.nix'\n/);
  const aborted = errorOf(() => configOf(services, { _file: "a.nix", bogus: lazy(() => { throw new EvalError("evaluation aborted with the following error message: 'oops'"); }) }));
  assert.equal(aborted.message, "evaluation aborted with the following error message: 'oops'");
  assert.deepEqual((aborted as EvalError).context.slice(-2), [
    "while evaluating a definition from `a.nix'",
    "while evaluating the error message for definitions for `bogus', which is an option that does not exist",
  ]);
});
