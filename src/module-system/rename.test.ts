/**
 * Renamed, aliased, changed and removed options (TypeScript-facing lib):
 * definitions of the old path reach the new option with their priority,
 * and the warning or assertion names the old option and its file.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { configOf, declare, lib, mkDefault, mkForce, mkOption, types } from "./test-support.ts";

const plain = (v: unknown) => JSON.parse(JSON.stringify(v));
const base = declare(
  {
    warnings: mkOption({ type: types.listOf(types.str), default: [] }),
    assertions: mkOption({ type: types.listOf(types.unspecified), default: [] }),
    programs: { git: { settings: mkOption({ type: types.attrsOf(types.attrsOf(types.anything)), default: {} }) } },
    port: mkOption({ type: types.port, default: 80 }),
  },
  "git.nix",
);
const renames = {
  imports: [
    lib.mkRenamedOptionModule(["programs", "git", "userName"], ["programs", "git", "settings", "user", "name"]),
    lib.mkRenamedOptionModule(["programs", "git", "userEmail"], ["programs", "git", "settings", "user", "email"]),
  ],
};

test("a renamed option forwards its definition and warns with the defining file", () => {
  const c = configOf(base, renames, { _file: "/home/alice/home.nix", programs: { git: { userName: "Jane" } } });
  assert.deepEqual(plain(c.programs.git.settings.user), { name: "Jane" });
  assert.deepEqual(c.warnings, [
    "The option `programs.git.userName' defined in `/home/alice/home.nix' has been renamed to `programs.git.settings.user.name'.",
  ]);
});

test("without a definition of the old option nothing is forwarded and nothing warns", () => {
  const c = configOf(base, renames, { programs: { git: { settings: { core: { editor: "vim" } } } } });
  assert.deepEqual(plain(c.programs.git.settings), { core: { editor: "vim" } });
  assert.deepEqual(c.warnings, []);
});

test("forwarded definitions keep their priority", () => {
  const c = configOf(
    base,
    renames,
    { programs: { git: { userName: mkDefault("Default") } } },
    { programs: { git: { settings: { user: { name: "Explicit" } } } } },
  );
  assert.equal(c.programs.git.settings.user.name, "Explicit");
  const forced = configOf(base, renames, { programs: { git: { userName: mkForce("Forced") } } }, { programs: { git: { settings: { user: { name: "Explicit" } } } } });
  assert.equal(forced.programs.git.settings.user.name, "Forced");
});

test("reading the old option gives the new option's value", () => {
  const c = configOf(base, renames, { programs: { git: { settings: { user: { name: "New" } } } } }, { programs: { git: { userName: mkDefault("Old") } } });
  assert.equal(c.programs.git.userName, "New");
});

test("an alias forwards without warning", () => {
  const c = configOf(base, { imports: [lib.mkAliasOptionModule(["httpPort"], ["port"])] }, { httpPort: 8080 });
  assert.equal(c.port, 8080);
  assert.equal(c.httpPort, 8080);
  assert.deepEqual(c.warnings, []);
});

test("a removed option fails an assertion when defined, and throws when read", () => {
  const removed = { imports: [lib.mkRemovedOptionModule(["programs", "git", "delta"], "Use programs.delta instead.")] };
  const c = configOf(base, removed, { _file: "/h.nix", programs: { git: { delta: true } } });
  assert.deepEqual(
    c.assertions.map((a: { assertion: boolean; message: string }) => [a.assertion, a.message]),
    [[false, "The option definition `programs.git.delta' in `/h.nix' no longer has any effect; please remove it.\nUse programs.delta instead.\n"]],
  );
  assert.throws(() => c.programs.git.delta, /The option `programs.git.delta' can no longer be used since it's been removed\. Use programs\.delta instead\./);
  assert.equal(configOf(base, removed).assertions[0].assertion, true);
});

test("a changed option computes the new value from the old ones and warns", () => {
  const changed = { imports: [lib.mkChangedOptionModule(["oldPort"], ["port"], (config: { oldPort: string }) => Number(config.oldPort))] };
  const c = configOf(base, changed, { _file: "/p.nix", oldPort: "8080" });
  assert.equal(c.port, 8080);
  assert.deepEqual(c.warnings, [
    "The option `oldPort' defined in `/p.nix' has been changed to `port' that has a different type. Please read `port' documentation and update your configuration accordingly.",
  ]);
  assert.equal(configOf(base, changed).port, 80);
});

test("mkAliasDefinitions forwards an option's definitions from inside a module", () => {
  const c = configOf(
    base,
    declare({ extra: mkOption({ type: types.listOf(types.str), default: [] }) }),
    ({ options }: { options: { extra: unknown } }) => ({
      get warnings() {
        return lib.mkAliasDefinitions(options.extra);
      },
    }),
    { extra: ["from extra"] },
  );
  assert.deepEqual(c.warnings, ["from extra"]);
});
