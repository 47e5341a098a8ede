/**
 * The Nix lib's renaming helpers through lib.evalModules: aliases,
 * removals (an assertion naming the file), changed and merged options
 * computed by Nix functions of the configuration, renames "with" a release
 * (warning only once it is old enough), and doRename's own `use`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, get, jsFn, plain, set, warnings } from "./test-support.ts";
import type { NixAttrs, Value } from "../nix/value.ts";

const declarations = set({
  options: set({
    warnings: call("mkOption", set({ type: call("types.listOf", get("types.str")), default: [] })),
    assertions: call("mkOption", set({ type: call("types.listOf", get("types.unspecified")), default: [] })),
    port: call("mkOption", set({ type: get("types.port"), default: 80n })),
    listen: call("mkOption", set({ type: get("types.str"), default: "" })),
  }),
});

/** The configuration of some modules: each option read (as plain JavaScript) only when asked for. */
function configOf(...modules: Value[]): Record<string, any> {
  const evaluation = call("evalModules", set({ modules: [declarations, ...modules] }));
  return new Proxy({}, { get: (_t, name) => plain(get(`config.${String(name)}`, evaluation)) });
}

const defined = (file: string, defs: Record<string, unknown>) => call("setDefaultModuleLocation", file, defs);

test("mkAliasOptionModule: both names work, no warning", () => {
  const c = configOf(call("mkAliasOptionModule", ["httpPort"], ["port"]), defined("/a.nix", { httpPort: 8080 }));
  assert.deepEqual([c.port, c.httpPort, c.warnings], [8080, 8080, []]);
});

test("mkRemovedOptionModule: an assertion names the option and its file", () => {
  const c = configOf(call("mkRemovedOptionModule", ["oldThing"], "Use port instead."), defined("/r.nix", { oldThing: 1 }));
  assert.deepEqual(c.assertions, [
    { assertion: false, message: "The option definition `oldThing' in `/r.nix' no longer has any effect; please remove it.\nUse port instead.\n" },
  ]);
});

test("mkChangedOptionModule computes the new value with a Nix function of config", () => {
  const change = jsFn((config: { oldPort: string }) => Number(config.oldPort) + 1);
  const c = configOf(call("mkChangedOptionModule", ["oldPort"], ["port"], change), defined("/c.nix", { oldPort: "8079" }));
  assert.equal(c.port, 8080);
  assert.deepEqual(c.warnings, [
    "The option `oldPort' defined in `/c.nix' has been changed to `port' that has a different type. Please read `port' documentation and update your configuration accordingly.",
  ]);
});

test("mkMergedOptionModule combines several old options", () => {
  const merge = jsFn((config: { host: string; hostPort: number }) => `${config.host}:${config.hostPort}`);
  const module = call("mkMergedOptionModule", [["host"], ["hostPort"]], ["listen"], merge);
  const c = configOf(module, defined("/m.nix", { host: "0.0.0.0", hostPort: 80 }));
  assert.equal(c.listen, "0.0.0.0:80");
  assert.equal(c.warnings.length, 2);
  assert.equal(configOf(module).listen, "");
});

test("mkRenamedOptionModuleWith warns only for a release the oldest supported one has reached", () => {
  const recent = configOf(call("mkRenamedOptionModuleWith", { sinceRelease: 2611, from: ["p"], to: ["port"] }), defined("/w.nix", { p: 1 }));
  assert.deepEqual([recent.port, recent.warnings], [1, []]);
  const old = configOf(call("mkRenamedOptionModuleWith", { sinceRelease: 2405, from: ["p"], to: ["port"] }), defined("/w.nix", { p: 1 }));
  assert.deepEqual(old.warnings, ["The option `p' defined in `/w.nix' has been renamed to `port'."]);
  warnings.length = 0;
  assert.equal(old.p, 1);
  assert.deepEqual(warnings, ["Obsolete option `p' is used. It was renamed to `port'."]);
});

test("doRename with its own use; without priority a forwarded mkDefault becomes a plain definition", () => {
  const rename = call("doRename", { from: ["portText"], to: ["port"], visible: true, warn: false, use: jsFn((v: number) => `${v}`), withPriority: false });
  const c = configOf(rename, defined("/d.nix", { portText: 9000 }));
  assert.deepEqual([c.port, c.portText], [9000, "9000"]);
  const clash = configOf(rename, defined("/d.nix", { portText: call("mkDefault", 9000) }), defined("/e.nix", { port: 9001 }));
  assert.throws(() => clash.port, /The option `port' has conflicting definition values:\n- In `\/e.nix': 9001\n- In `<unknown-file>': 9000/);
  const evaluation = call("evalModules", set({ modules: [declarations, rename] })) as NixAttrs;
  assert.equal(plain(get("options.portText.description", evaluation)), "Alias of {option}`port`.");
});
