/**
 * lib.evalModules with Nix-shaped modules (functions with formals, built
 * in TypeScript as the evaluator builds them): options declared with
 * lib.mkOption and lib.types, definitions with lib.mkIf/lib.mkForce/
 * lib.mkBefore merge exactly as the same modules written in TypeScript;
 * submodules receive `lib` and `name`; the result's attributes; renamed
 * options warn as home-manager's do.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, get, nixModule, plain, set, traces } from "./test-support.ts";
import { force, NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { evalModules } from "../module-system/eval-modules.ts";
import { jsLib } from "../module-system/js-lib.ts";
import { lazyFromJS } from "../nix/js-value.ts";
import { nixLib } from "./index.ts";
import { fn } from "./fn.ts";
import { UserError } from "../diagnostics/user-error.ts";

/** `lib.<path> args…` from inside a module, with the lib the module received. */
const L = (args: NixAttrs, path: string, ...rest: Lazy[]): Value => call(get(path, args.get("lib") as Value), ...rest);
const at = (v: Lazy, path: string): Value => get(path, force(v));

const hostModule = nixModule(["name", "lib"], (a) =>
  set({ options: set({ root: L(a, "mkOption", set({ type: get("types.str", a.get("lib") as Value), default: `/srv/${String(a.get("name"))}` })) }) }),
);

const declarations = nixModule(["lib"], (a) =>
  set({
    options: set({
      web: set({
        enable: L(a, "mkEnableOption", "the web server"),
        port: L(a, "mkOption", set({ type: L(a, "types.nullOr", get("types.port", a.get("lib") as Value)), default: 80n })),
        packages: L(a, "mkOption", set({ type: L(a, "types.listOf", get("types.str", a.get("lib") as Value)), default: [] })),
        hosts: L(a, "mkOption", set({ type: L(a, "types.attrsOf", L(a, "types.submodule", hostModule)), default: set({}) })),
      }),
    }),
  }),
);

const conditional = nixModule(["config", "lib"], (a) =>
  set({
    config: L(
      a,
      "mkIf",
      new Thunk(() => at(a.lazy("config") as Lazy, "web.enable")),
      set({ web: set({ port: L(a, "mkForce", 8080n), packages: ["nginx"], hosts: set({ example: set({}) }) }) }),
    ),
  }),
);

const plainDefs = nixModule(["lib"], (a) => set({ web: set({ enable: true, port: 81n, packages: L(a, "mkBefore", ["first"]) }) }));

test("Nix modules merge exactly as the same modules written in TypeScript", () => {
  const nix = call("evalModules", set({ modules: [declarations, conditional, plainDefs] })) as NixAttrs;
  const { types, mkOption, mkEnableOption, mkIf, mkForce, mkBefore } = jsLib;
  const host = ({ name }: { name: string }) => ({ options: { root: mkOption({ type: types.str, default: `/srv/${name}` }) } });
  const ts = evalModules({
    modules: [
      { options: { web: { enable: mkEnableOption("the web server"), port: mkOption({ type: types.nullOr(types.port), default: 80 }), packages: mkOption({ type: types.listOf(types.str), default: [] }), hosts: mkOption({ type: types.attrsOf(types.submodule(host)), default: {} }) } } },
      ({ config }: { config: { web: { enable: boolean } } }) => ({ config: mkIf(() => config.web.enable, { web: { port: mkForce(8080), packages: ["nginx"], hosts: { example: {} } } }) }),
      { web: { enable: true, port: 81, packages: mkBefore(["first"]) } },
    ].map(lazyFromJS),
  });
  const expected = { web: { enable: true, port: 8080, packages: ["first", "nginx"], hosts: { example: { root: "/srv/example" } } } };
  assert.deepEqual(plain(nix.get("config") as Value), expected);
  assert.deepEqual(plain(ts.config), expected);
});

test("the result: configuration tag, options with values, _module, class, type", () => {
  const r = call("evalModules", set({ modules: [declarations, plainDefs], class: "nixos", specialArgs: set({ flavour: "x" }) })) as NixAttrs;
  assert.equal(r.get("_type"), "configuration");
  assert.equal(r.get("class"), "nixos");
  assert.equal(plain(at(r, "options.web.port.value")), 81);
  assert.equal(plain(at(r, "options.web.port.highestPrio")), 100);
  assert.deepEqual(plain(at(r, "_module.specialArgs")), { flavour: "x" });
  assert.equal(plain(at(r, "type.name")), "submodule");
  assert.ok((at(r, "_module.args") as NixAttrs).has("extendModules"));
});

test("extendModules adds modules to the same evaluation", () => {
  const r = call("evalModules", set({ modules: [declarations, plainDefs] })) as NixAttrs;
  const more = call(r.get("extendModules") as Value, set({ modules: [set({ web: set({ packages: ["more"] }) })] })) as NixAttrs;
  assert.deepEqual(plain(at(more, "config.web.packages")), ["first", "more"]);
  assert.deepEqual(plain(at(r, "config.web.packages")), ["first"]);
});

test("specialArgs reach module functions and may replace lib", () => {
  const reader = nixModule(["flavour", "lib"], (a) => set({ options: set({ seen: L(a, "mkOption", set({ default: a.lazy("flavour") as Lazy })) }) }));
  const r = call("evalModules", set({ modules: [reader], specialArgs: set({ flavour: "salty" }) })) as NixAttrs;
  assert.equal(at(r, "config.seen"), "salty");
  const custom = get("extend", nixLib()) as Value;
  const extended = call(custom, fn("overlay", (_final, _prev) => set({ marker: "extended" })));
  const probe = nixModule(["lib"], (a) => set({ options: set({ marker: L(a, "mkOption", set({ default: at(a.lazy("lib") as Lazy, "marker") })) }) }));
  const viaExtended = call(get("evalModules", extended), set({ modules: [probe] })) as NixAttrs;
  assert.equal(at(viaExtended, "config.marker"), "extended");
});

test("an undeclared definition is reported when config is read", () => {
  const r = call("evalModules", set({ modules: [declarations, set({ web: set({ prot: 1n }) })] })) as NixAttrs;
  assert.throws(() => r.get("config"), (e) => e instanceof UserError && e.message.startsWith("The option `web.prot' does not exist.") && e.message.includes("Did you mean `web.port'"));
  assert.throws(() => r.get("options"), /does not exist/);
});

test("modules given as paths are imported through the context; imports may use lib", () => {
  const files: Record<string, Value> = {
    "/etc/sm/web.nix": nixModule(["lib"], (a) => set({ imports: L(a, "optional", true, "/etc/sm/extra.nix"), web: set({ packages: ["from-file"] }) })),
    "/etc/sm/extra.nix": set({ web: set({ enable: true }) }),
  };
  const lib = nixLib({ importPath: (p) => files[p] ?? null });
  const r = call(get("evalModules", lib), set({ modules: [declarations, "/etc/sm/web.nix"] })) as NixAttrs;
  assert.deepEqual([plain(at(r, "config.web.packages")), at(r, "config.web.enable")], [["from-file"], true]);
  assert.deepEqual(plain(at(r, "options.web.packages.files")), ["/etc/sm/web.nix"]);
});

test("a Nix module inside a submodule declared by a TypeScript module still gets lib", () => {
  const { types, mkOption } = jsLib;
  const ev = evalModules({
    modules: [
      lazyFromJS({ options: { users: mkOption({ type: types.attrsOf(types.submodule({ options: { shell: mkOption({ type: types.str }) } })) }) } }),
      set({ users: set({ alice: nixModule(["lib", "name"], (a) => set({ shell: L(a, "concatStrings", ["/bin/", a.lazy("name") as Lazy]) })) }) }),
    ],
  });
  assert.deepEqual(plain(ev.config), { users: { alice: { shell: "/bin/alice" } } });
});

const gitModule = nixModule(["config", "lib"], (a) =>
  set({
    imports: [
      L(a, "mkRenamedOptionModule", ["programs", "git", "userName"], ["programs", "git", "settings", "user", "name"]),
      L(a, "mkRenamedOptionModule", ["programs", "git", "userEmail"], ["programs", "git", "settings", "user", "email"]),
    ],
    options: set({
      warnings: L(a, "mkOption", set({ type: L(a, "types.listOf", get("types.str", a.get("lib") as Value)), default: [] })),
      programs: set({
        git: set({
          enable: L(a, "mkEnableOption", "Git"),
          settings: L(a, "mkOption", set({ type: L(a, "types.attrsOf", L(a, "types.attrsOf", get("types.anything", a.get("lib") as Value))), default: set({}) })),
          iniContent: L(a, "mkOption", set({ type: get("types.str", a.get("lib") as Value), readOnly: true })),
        }),
      }),
    }),
    config: set({ programs: set({ git: set({ iniContent: new Thunk(() => L(a, "generators.toGitINI", new Thunk(() => at(a.lazy("config") as Lazy, "programs.git.settings")))) }) }) }),
  }),
);

test("renamed git options warn with the defining file and reach the new option", () => {
  const user = set({ _file: "/home/alice/home.nix", programs: set({ git: set({ enable: true, userName: "Jane", userEmail: "j@x" }) }) });
  const r = call("evalModules", set({ modules: [gitModule, user] })) as NixAttrs;
  assert.deepEqual(plain(at(r, "config.warnings")), [
    "The option `programs.git.userEmail' defined in `/home/alice/home.nix' has been renamed to `programs.git.settings.user.email'.",
    "The option `programs.git.userName' defined in `/home/alice/home.nix' has been renamed to `programs.git.settings.user.name'.",
  ]);
  assert.equal(at(r, "config.programs.git.iniContent"), '[user]\n\temail = "j@x"\n\tname = "Jane"\n');
  traces.length = 0;
  assert.equal(at(r, "config.programs.git.userName"), "Jane");
  assert.deepEqual(traces, ["Obsolete option `programs.git.userName' is used. It was renamed to `programs.git.settings.user.name'."]);
});
