/**
 * The config fixpoint: modules read other options through config lazily;
 * a genuine cycle is an "infinite recursion" UserError naming the options
 * on the way; reading config while modules are collected is refused.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { configOf, declare, errorOf, evalJs, lazy, mkIf, mkOption, types } from "./test-support.ts";
import { InfiniteRecursionError } from "../nix/errors.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { StackOverflowError } from "../nix/value.ts";

type Cfg = { config: Record<string, any>; options: Record<string, any> };
const ints = declare({ a: mkOption({ type: types.int }), b: mkOption({ type: types.int }), enable: mkOption({ type: types.bool, default: false }) });

test("a definition reads another option through a getter", () => {
  assert.equal(configOf(ints, ({ config }: Cfg) => ({ a: 1, get b() { return config.a + 1; } })).b, 2);
});

test("a definition reads another option through mkIf(() => …) and lazy(() => …)", () => {
  const c = configOf(ints, { enable: true, a: 1 }, ({ config }: Cfg) => ({ b: mkIf(() => config.enable, lazy(() => config.a * 10)) }));
  assert.equal(c.b, 10);
});

test("a module enables itself from another module's option (the NixOS pattern)", () => {
  const service = ({ config }: Cfg) => ({
    options: { svc: { enable: mkOption({ type: types.bool, default: false }), port: mkOption({ type: types.int, default: 80 }) } },
    config: mkIf(() => config.svc.enable, { a: lazy(() => config.svc.port) }),
  });
  assert.equal(configOf(ints, service, { svc: { enable: true, port: 8080 } }).a, 8080);
  assert.equal(errorOf(() => configOf(ints, service).a).message, "The option `a' was accessed but has no value defined. Try setting the option.");
});

test("options of a submodule read each other and the outer configuration", () => {
  const c = configOf(
    declare({ prefix: mkOption({ type: types.str, default: "/srv" }) }),
    ({ config: outer }: Cfg) =>
      declare({
        sites: mkOption({
          type: types.attrsOf(
            types.submodule(({ name, config }: { name: string; config: Record<string, any> }) => ({
              options: { root: mkOption({ type: types.str, default: lazy(() => `${outer.prefix}/${name}`) }), index: mkOption({ type: types.str, default: lazy(() => `${config.root}/index.html`) }) },
            })),
          ),
          default: {},
        }),
      }),
    { sites: { blog: {} } },
  );
  assert.equal(c.sites.blog.index, "/srv/blog/index.html");
});

test("a genuine cycle is infinite recursion, a UserError naming every option on the way", () => {
  const e = errorOf(() => configOf(ints, ({ config }: Cfg) => ({ get a() { return config.b; }, get b() { return config.a; } })).a);
  assert.ok(e instanceof InfiniteRecursionError);
  assert.ok(e instanceof UserError);
  assert.equal(e.message, "infinite recursion encountered");
  const options = e.context.filter((c) => c.startsWith("while evaluating the option"));
  assert.deepEqual(options, ["while evaluating the option `b':", "while evaluating the option `a':"]);
});

test("a cycle through a condition and through a submodule is infinite recursion too", () => {
  const viaIf = errorOf(() => configOf(ints, ({ config }: Cfg) => ({ enable: mkIf(() => config.enable, true) })).enable);
  assert.equal(viaIf.message, "infinite recursion encountered");
  const users = declare({ users: mkOption({ type: types.attrsOf(types.submodule({ options: { uid: mkOption({ type: types.int }) } })), default: {} }) });
  const viaSub = errorOf(() => configOf(users, ({ config }: Cfg) => ({ users: { alice: { uid: lazy(() => config.users.alice.uid + 1) } } })).users.alice.uid);
  assert.ok(viaSub instanceof InfiniteRecursionError);
  assert.ok(viaSub.context.includes("while evaluating the option `users.alice.uid':"));
});

test("a very deep chain of options ends in a clear error, not a JavaScript RangeError", () => {
  const n = 3000;
  const options: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) options[`o${i}`] = mkOption({ type: types.int });
  const chain = ({ config }: Cfg) => {
    const defs: Record<string, unknown> = { o0: 0 };
    for (let i = 1; i < n; i++) Object.defineProperty(defs, `o${i}`, { enumerable: true, get: () => config[`o${i - 1}`] + 1 });
    return defs;
  };
  const ev = evalJs([declare(options), chain]);
  const e = errorOf(() => ev.config.get(`o${n - 1}`));
  assert.ok(e instanceof StackOverflowError);
  assert.equal(e.message, "stack overflow; max-call-depth exceeded");
  assert.equal(evalJs([declare(options), chain]).config.get("o100"), 100n);
});

test("reading config while modules are collected is an infinite recursion, with nixpkgs' hint and advice for TypeScript modules", () => {
  const e = errorOf(() => evalJs([ints, ({ config }: Cfg) => ({ a: config.b })]));
  assert.ok(e instanceof InfiniteRecursionError);
  assert.equal(e.message, "infinite recursion encountered");
  assert.match(e.context[0] ?? "", /^if you get an infinite recursion here, you probably reference `config` in `imports`\. /);
  assert.match(e.context[1] ?? "", /^while collecting modules: a module function read `config' before every module was known \(in a TypeScript module, read it inside a getter/);
  assert.equal(errorOf(() => evalJs([ints, ({ config }: Cfg) => ({ imports: config.enable ? [] : [] })])).message, "infinite recursion encountered");
  const options = errorOf(() => evalJs([ints, ({ options }: Cfg) => ({ a: options.b.default })])) as InfiniteRecursionError;
  assert.equal(options.context.length, 1);
  assert.match(options.context[0] ?? "", /^while collecting modules: a module function read `options' before every module was known/);
});
