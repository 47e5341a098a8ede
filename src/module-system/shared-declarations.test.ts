/**
 * The instances of a submodule type share their option declarations
 * (declaration-tree.ts): sharing must not leak one instance's values,
 * arguments, defaults or error locations into another's.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { at, configOf, declare, errorOf, evalJs, lazy, mkDefault, mkOption, types } from "./test-support.ts";
import { DeclarationCache } from "./declaration-tree.ts";
import { definitionSites } from "./definition-sites.ts";
import { typeValue, type OptionType } from "./types/option-type.ts";
import { str } from "./types/strings.ts";
import { lazyFromJS, toJS } from "../nix/js-value.ts";
import { force, NixAttrs } from "../nix/value.ts";

/** A static options module (shared) and a function module reading each instance's `name` and `config`. */
const entryOptions = {
  options: {
    text: mkOption({ type: types.nullOr(types.str), default: null }),
    target: mkOption({ type: types.str }),
    label: mkOption({ type: types.str }),
    size: mkOption({ type: types.int, default: 0 }),
  },
};
const entryType = types.submodule([
  entryOptions,
  ({ name, config }: { name: string; config: { text: string | null; target: string } }) => ({
    config: {
      target: mkDefault(name),
      label: lazy(() => `${name}:${config.target}:${config.text ?? "-"}`),
    },
  }),
]);
const files = declare({ files: mkOption({ type: types.attrsOf(entryType), default: {} }) }, "files.nix");

test("two instances of one submodule type keep their own values, names and config", () => {
  const c = configOf(files, { files: { a: { text: "A" }, b: { text: "B", target: "elsewhere", size: 2 }, c: {} } });
  assert.deepEqual(
    Object.fromEntries(Object.entries(c.files as Record<string, any>).map(([k, f]) => [k, { text: f.text, target: f.target, label: f.label, size: f.size }])),
    {
      a: { text: "A", target: "a", label: "a:a:A", size: 0 },
      b: { text: "B", target: "elsewhere", label: "b:elsewhere:B", size: 2 },
      c: { text: null, target: "c", label: "c:c:-", size: 0 },
    },
  );
});

test("an option default reading `name` or `config` gets each instance's, in a module making its options per instance", () => {
  const t = types.submodule(({ name, config }: { name: string; config: { base: string } }) => ({
    options: {
      base: mkOption({ type: types.str, default: `/home/${name}` }),
      path: mkOption({ type: types.str, default: lazy(() => `${config.base}/.profile`) }),
    },
  }));
  const c = configOf(declare({ u: mkOption({ type: types.attrsOf(t) }) }), { u: { alice: {}, bob: { base: "/srv/bob" } } });
  assert.deepEqual([c.u.alice.base, c.u.alice.path, c.u.bob.base, c.u.bob.path], ["/home/alice", "/home/alice/.profile", "/srv/bob", "/srv/bob/.profile"]);
});

test("an instance whose definition declares more options does not give them to the others", () => {
  const c = configOf(files, {
    files: {
      a: { text: "A" },
      b: () => ({ options: { extra: mkOption({ type: types.str, default: "x" }) }, config: { text: "B" } }),
      c: { text: "C" },
    },
  });
  assert.equal(c.files.b.extra, "x");
  assert.equal("extra" in c.files.a, false);
  assert.equal("extra" in c.files.c, false);
  const err = errorOf(() => configOf(files, { files: { a: { text: "A" }, b: () => ({ options: { extra: mkOption({ type: types.str }) } }), c: { extra: "no" } } }).files.c.text).message;
  assert.match(err, /The option `files\.c\.extra' does not exist/);
});

test("a definition of the wrong type names its instance's path and each definition's file", () => {
  const err = errorOf(() =>
    configOf(files, { _file: "one.nix", files: { "f/1": { text: "a" } } }, { _file: "two.nix", files: { "f/1": { size: "big" }, "f/2": { size: 1 } } }).files["f/1"].size,
  ).message;
  assert.match(err, /A definition for option `files\."f\/1"\.size' is not of type `signed integer'/);
  assert.match(err, /- In `two\.nix': "big"/);
  const conflict = errorOf(() => configOf(files, { _file: "one.nix", files: { "f/2": { label: "x" } } }, { _file: "two.nix", files: { "f/2": { label: "y" } } }).files["f/2"].label).message;
  assert.match(conflict, /The option `files\."f\/2"\.label' has conflicting definition values:/);
  assert.match(conflict, /- In `one\.nix': "x"/);
  assert.match(conflict, /- In `two\.nix': "y"/);
});

test("an error in a shared option declaration names the path of each instance that reads it", () => {
  const bad = types.submodule([{ options: { text: mkOption({ type: types.str }) } }, { options: { text: mkOption({ type: types.int }) } }]);
  const ev = evalJs([declare({ home: { file: mkOption({ type: types.attrsOf(bad) }) } }), { home: { file: { "f/1": { text: "a" }, "f/2": { text: "b" } } } }], {
    prefix: ["home-manager", "users", "alice"],
  });
  const home = toJS(ev.config) as any;
  assert.match(errorOf(() => home.home.file["f/1"].text).message, /The option `home-manager\.users\.alice\.home\.file\."f\/1"\.text' in `<unknown-file>' is already declared in `<unknown-file>'/);
  assert.match(errorOf(() => home.home.file["f/2"].text).message, /The option `home-manager\.users\.alice\.home\.file\."f\/2"\.text' in `<unknown-file>' is already declared in `<unknown-file>'/);
});

test("the option declarations of a submodule type are merged once for all its instances", () => {
  let merges = 0;
  const counted = (): OptionType => ({ ...str, typeMerge: (other) => (merges++, other.name === "str" ? counted() : undefined) });
  const t = types.submodule([{ options: { x: mkOption({ type: typeValue(counted()) }) } }, { options: { x: mkOption({ type: typeValue(counted()), default: "d" }) } }]);
  const c = configOf(declare({ s: mkOption({ type: types.attrsOf(t) }) }), { s: { a: {}, b: { x: "B" }, c: {}, d: {} } });
  assert.deepEqual([c.s.a.x, c.s.b.x, c.s.c.x, c.s.d.x], ["d", "B", "d", "d"]);
  assert.equal(merges, 1);
});

test("a declaration cache gives one tree for the same option sets, another for other ones, and forgets failures", () => {
  const options = lazyFromJS({ a: mkOption({ type: types.str }) });
  const cache = new DeclarationCache();
  const one = cache.levelFor(["x"], [{ file: "m.nix", options }]);
  assert.equal(cache.levelFor(["y"], [{ file: "m.nix", options }]), one);
  assert.notEqual(cache.levelFor(["y"], [{ file: "m.nix", options: lazyFromJS({ a: mkOption({ type: types.str }) }) }]), one);
  assert.notEqual(cache.levelFor(["y"], [{ file: "other.nix", options }]), one);
  const notAnOption = NixAttrs.from({ a: 1n });
  const level = cache.levelFor(["p"], [{ file: "m.nix", options: notAnOption }]);
  assert.match(errorOf(() => level.resolve(["p"], "a")).message, /The option declaration `p\.a' in `m\.nix' must be an attribute set/);
  assert.match(errorOf(() => level.resolve(["q", "r"], "a")).message, /The option declaration `q\.r\.a' in `m\.nix' must be an attribute set/);
  assert.equal(force(options) instanceof NixAttrs, true);
});

test("definition sites of a path inside an instance are that instance's definitions", () => {
  const ev = evalJs([files, at("a.nix", { files: 4 }, { _file: "a.nix", files: { a: { text: "A" } } }), at("b.nix", { files: 9 }, { _file: "b.nix", files: { b: { text: "B" } } })]);
  assert.deepEqual(definitionSites(ev.tree, ["files", "b", "text"]).map((s) => [s.file, s.pos?.line]), [["b.nix", 9]]);
  assert.deepEqual(definitionSites(ev.tree, ["files", "a", "text"]).map((s) => [s.file, s.pos?.line]), [["a.nix", 4]]);
  assert.equal((toJS(ev.config) as any).files.b.label, "b:b:B");
});

test("an option left to its default has that value in every instance, and a bad default is each instance's error", () => {
  const t = types.submodule({
    options: {
      n: mkOption({ type: types.int, default: 3 }),
      s: mkOption({ type: types.nullOr(types.str), default: null }),
      on: mkOption({ type: types.bool, default: true }),
      bad: mkOption({ type: types.bool, default: "yes" }),
      applied: mkOption({ type: types.int, default: 1, apply: (x: number) => x + 1 }),
    },
  });
  const ev = evalJs([declare({ s: mkOption({ type: types.attrsOf(t) }) }), { s: { a: {}, b: { n: 4 }, c: {}, d: {} } }]);
  const c = toJS(ev.config) as any;
  // The first instance read merges the defaults; the later ones take the values it found.
  for (const k of ["a", "c", "d"]) assert.deepEqual([c.s[k].n, c.s[k].s, c.s[k].on, c.s[k].applied], [3, null, true, 2]);
  assert.equal(c.s.b.n, 4);
  for (const k of ["a", "c"]) assert.match(errorOf(() => c.s[k].bad).message, new RegExp(`A definition for option \`s\\.${k}\\.bad' is not of type \`boolean'`));
});
