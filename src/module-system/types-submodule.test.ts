/**
 * submodule / submoduleWith: the `name` argument, set vs function
 * definitions, the empty value, full error paths, freeform types, classes
 * and special arguments.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { configOf, declare, errorOf, evalJs, mkDefault, mkOption, optionValue, types, valueAt } from "./test-support.ts";
import { toJS } from "../nix/js-value.ts";
import { force, type NixAttrs, type NixFunction } from "../nix/value.ts";

const userType = types.submodule(({ name }: { name: string }) => ({
  options: {
    name: mkOption({ type: types.str, default: name }),
    uid: mkOption({ type: types.int }),
    shell: mkOption({ type: types.str, default: "/bin/sh" }),
  },
}));
const users = declare({ users: { users: mkOption({ type: types.attrsOf(userType), default: {} }) } });

test("attrsOf submodule gives each entry its attribute name", () => {
  const c = configOf(users, { users: { users: { alice: { uid: 1000 }, bob: { uid: 1001, name: "robert" } } } });
  assert.equal(c.users.users.alice.name, "alice");
  assert.equal(c.users.users.alice.shell, "/bin/sh");
  assert.equal(c.users.users.bob.name, "robert");
});

test("definitions of one entry from several modules merge as modules", () => {
  const c = configOf(users, { users: { users: { alice: { uid: 1000 } } } }, { users: { users: { alice: { shell: mkDefault("/bin/zsh") } } } });
  assert.equal(c.users.users.alice.uid, 1000);
  assert.equal(c.users.users.alice.shell, "/bin/zsh");
});

test("a function definition is a module: it may declare options and read its own config", () => {
  const c = configOf(users, {
    users: {
      users: {
        alice: ({ config }: { config: { uid: number } }) => ({
          options: { home: mkOption({ type: types.str }) },
          config: { uid: 1000, get home() { return `/home/${config.uid}`; } },
        }),
      },
    },
  });
  assert.equal(c.users.users.alice.home, "/home/1000");
});

test("a set definition of a submodule is pure config: `options` in it is an unknown option", () => {
  const e = errorOf(() => configOf(users, { users: { users: { alice: { uid: 1, options: {} } } } }).users.users.alice);
  assert.match(e.message, /^The option `users\.users\.alice\.options' does not exist\./);
});

test("submoduleWith without shorthandOnlyDefinesConfig takes a set definition as a module", () => {
  const t = types.submoduleWith({ modules: [{ options: { x: mkOption({ type: types.int }) } }] });
  const v = optionValue(t, { options: { y: mkOption({ type: types.int, default: 2 }) }, config: { x: 1 } });
  assert.deepEqual({ ...v }, { x: 1, y: 2 });
});

test("an undefined submodule option is its defaults; a missing value still errors, with its full path", () => {
  const c = configOf(declare({ svc: mkOption({ type: userType }) }));
  assert.equal(c.svc.shell, "/bin/sh");
  assert.equal(c.svc.name, "svc");
  assert.equal(errorOf(() => c.svc.uid).message, "The option `svc.uid' was accessed but has no value defined. Try setting the option.");
});

test("errors inside a submodule name the full option path", () => {
  const e = errorOf(() => configOf(users, { users: { users: { alice: { uid: "x" } } } }).users.users.alice.uid);
  assert.equal(e.message, "A definition for option `users.users.alice.uid' is not of type `signed integer'. Definition values:\n- In `<unknown-file>': \"x\"");
  assert.ok(e.context.includes("while evaluating the option `users.users.alice.uid':"));
  const unknown = errorOf(() => configOf(users, { users: { users: { alice: { uid: 1, shel: "/bin/zsh" } } } }).users.users.alice);
  assert.equal(unknown.message, "The option `users.users.alice.shel' does not exist. Definition values:\n- In `<unknown-file>': \"/bin/zsh\"\n\nDid you mean `users.users.alice.shell', `users.users.alice.name' or `users.users.alice.uid'?");
});

test("a freeform submodule accepts unknown keys of its freeform type", () => {
  const settings = types.submodule({ freeformType: types.attrsOf(types.str), options: { port: mkOption({ type: types.int, default: 22 }) } });
  const v = optionValue(settings, { Banner: "hi", port: 2222 }, { LogLevel: "INFO" });
  assert.deepEqual({ ...v }, { Banner: "hi", LogLevel: "INFO", port: 2222 });
  assert.match(errorOf(() => optionValue(settings, { Banner: 3 }).Banner).message, /^A definition for option `a\.Banner' is not of type `string'/);
  const descOf = errorOf(() => optionValue(settings, 3)).message.match(/is not of type `(.*?)'\./)?.[1];
  assert.equal(descOf, "open submodule of attribute set of string");
});

test("a top-level freeformType takes every undeclared definition", () => {
  const c = configOf({ freeformType: types.attrsOf(types.int) }, declare({ known: mkOption({ type: types.str, default: "k" }) }), { extra: 1 }, { more: 2 });
  assert.deepEqual({ ...c }, { extra: 1, known: "k", more: 2 });
});

test("submoduleWith passes its specialArgs and enforces its class", () => {
  const t = types.submoduleWith({
    class: "homeManager",
    specialArgs: { osName: "demo" },
    modules: [({ osName }: { osName: string }) => ({ options: { host: mkOption({ type: types.str, default: osName }) } })],
  });
  assert.equal(optionValue(t, {}).host, "demo");
  const e = errorOf(() => optionValue(t, { _class: "nixos", config: {} }).host);
  assert.match(e.message, /^The module `<unknown-file>` \(class: "nixos"\) cannot be imported into a module evaluation that expects class "homeManager"\./);
});

test("plain option trees extend a submodule option; other types refuse nested options", () => {
  const extended = configOf(
    declare({ svc: mkOption({ type: types.submodule({ options: { a: mkOption({ type: types.int, default: 1 }) } }), default: {} }) }),
    declare({ svc: { b: mkOption({ type: types.int, default: 2 }) } }),
  );
  assert.deepEqual({ ...extended.svc }, { a: 1, b: 2 });
  const e = errorOf(() =>
    configOf(declare({ svc: mkOption({ type: types.attrsOf(types.int) }) }, "a.nix"), declare({ svc: { y: mkOption({ type: types.int }), x: mkOption({ type: types.int }) } }, "b.nix")).svc,
  );
  assert.equal(
    e.message,
    "The option `svc' in module `a.nix' would be a parent of the following options, but its type `attribute set of signed integer' does not support nested options.\n - option(s) with prefix `svc.x' in module `b.nix'\n - option(s) with prefix `svc.y' in module `b.nix'",
  );
});

test("freeform types given by two modules merge like declarations", () => {
  const c = configOf({ freeformType: types.attrsOf(types.int) }, { freeformType: types.attrsOf(types.int) }, { extra: 1 });
  assert.equal(c.extra, 1);
  const e = errorOf(() => configOf({ _file: "a.nix", freeformType: types.attrsOf(types.int) }, { _file: "b.nix", freeformType: types.str }, { extra: 1 }).extra);
  assert.equal(e.message, "The option `_module.freeformType' in `a.nix' is already declared in `b.nix'.");
});

test("two declarations of a submodule option add their modules together", () => {
  const a = types.submodule({ options: { a: mkOption({ type: types.int, default: 1 }) } });
  const b = types.submodule({ options: { b: mkOption({ type: types.int, default: 2 }) } });
  const c = configOf(declare({ one: mkOption({ type: a, default: {} }), many: mkOption({ type: types.attrsOf(a), default: {} }) }), declare({ one: mkOption({ type: b }), many: mkOption({ type: types.attrsOf(b) }) }), { many: { x: { a: 10 } } });
  assert.deepEqual({ ...c.one }, { a: 1, b: 2 });
  assert.deepEqual({ ...c.many.x }, { a: 10, b: 2 });
});

test("two declarations of a submoduleWith option must agree on their class", () => {
  const nixos = types.submoduleWith({ class: "nixos", modules: [] });
  const darwin = types.submoduleWith({ class: "darwin", modules: [] });
  const e = errorOf(() => configOf(declare({ s: mkOption({ type: nixos, default: {} }) }), declare({ s: mkOption({ type: darwin }) })).s);
  assert.match(e.message, /A submoduleWith option is declared multiple times with conflicting class values "darwin" and "nixos"\./);
  const open = types.submoduleWith({ modules: [{ options: { a: mkOption({ type: types.int, default: 1 }) } }] });
  assert.equal(configOf(declare({ s: mkOption({ type: nixos, default: {} }) }), declare({ s: mkOption({ type: open }) })).s.a, 1);
});

test("a submodule's sub-options for documentation include its freeform type's, as _freeformOptions", () => {
  const entry = types.submodule({ options: { bar: mkOption({}) } });
  const open = types.submodule({ freeformType: types.attrsOf(entry), options: { own: mkOption({}) } });
  const ev = evalJs([declare({ foo: mkOption({ type: open }) })]);
  const sub = force((force((valueAt(ev.options, ["foo", "type"]) as NixAttrs).lazy("getSubOptions")!) as NixFunction).call(["foo"])) as NixAttrs;
  assert.deepEqual(toJS(valueAt(sub, ["_freeformOptions", "bar", "loc"])), ["foo", "<name>", "bar"]);
  assert.ok(sub.has("own"));
  const closed = force((force((valueAt(evalJs([declare({ foo: mkOption({ type: entry }) })]).options, ["foo", "type"]) as NixAttrs).lazy("getSubOptions")!) as NixFunction).call(["foo"])) as NixAttrs;
  assert.equal(closed.has("_freeformOptions"), false);
});
