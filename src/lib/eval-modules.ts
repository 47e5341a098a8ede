/**
 * `lib.evalModules { modules, specialArgs ? {}, prefix ? [], class ? null }`
 * for Nix code, over the module system TypeScript modules use. Modules
 * receive this lib (or the one `specialArgs` gives). The result is
 * nixpkgs': `config`, `options` and `_module` (each reporting unknown
 * options when read), `extendModules`, `type` (a submodule of these
 * modules) and `class`; `_module.args` holds `extendModules` and
 * `moduleType`. The deprecated `args` and `check` arguments become modules
 * and warn.
 */
import { force, NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { fnOfSet } from "./fn.ts";
import { attrs, expectAttrs, expectList, stringList, text } from "../nix/expect.ts";
import { evalModules, type Evaluation } from "../module-system/eval-modules.ts";
import { typeValue } from "../module-system/types/option-type.ts";
import { types as t } from "../module-system/types/index.ts";
import { mkDefault } from "../module-system/properties.ts";
import { registerWarningChannel } from "../module-system/warnings.ts";
import { registerFallbackModuleLoader } from "../module-system/nix-module-lib.ts";
import type { LibEnv } from "./lib-context.ts";

interface NixEvalArgs {
  readonly modules: readonly Lazy[];
  readonly specialArgs: Readonly<Record<string, Lazy>>;
  readonly prefix: readonly string[];
  readonly class: string | undefined;
}

const FORMALS = { modules: false, prefix: true, specialArgs: true, class: true, args: true, check: true };

function record(v: Lazy | undefined): Record<string, Lazy> {
  return v === undefined ? {} : Object.fromEntries(expectAttrs(v).map);
}

function evaluate(env: LibEnv, args: NixEvalArgs): NixAttrs {
  // The type merges' warnings (a freeform `either` that accepts nothing) go where this lib's do.
  registerWarningChannel(env.ctx.warn);
  // Submodules of this evaluation (types made by this lib) import module paths as it does.
  registerFallbackModuleLoader(env.ctx.importPath);
  const lib = env.self();
  const type = typeValue(t.submoduleWith({ modules: args.modules, specialArgs: args.specialArgs, class: args.class, lib }));
  const extendModules = fnOfSet("extendModules", { modules: true, specialArgs: true, prefix: true }, (arg) => {
    const a = expectAttrs(arg);
    const prefix = a.lazy("prefix");
    return evaluate(env, {
      ...args,
      modules: [...args.modules, ...expectList(a.lazy("modules") ?? [])],
      specialArgs: { ...args.specialArgs, ...record(a.lazy("specialArgs")) },
      prefix: prefix === undefined ? args.prefix : stringList(prefix),
    });
  });
  const argsModule = attrs({
    _file: "lib/modules.nix",
    key: "lib/modules.nix#args",
    config: attrs({ _module: attrs({ args: attrs({ extendModules, moduleType: type }) }) }),
  });
  // Modules are collected when the result is first read (as nixpkgs': a class mismatch in an unread evaluation is no error).
  let made: Evaluation | undefined;
  const evaluation = () =>
    (made ??= evalModules({
      modules: [...args.modules, argsModule],
      specialArgs: args.specialArgs,
      prefix: args.prefix,
      class: args.class,
      extraArgs: { lib },
      loadModule: (path) => env.ctx.importPath(path),
    }));
  const config = new Thunk(() => evaluation().config, "config");
  const checked = (f: () => Value) => new Thunk(() => (force(config), f()));
  return attrs({
    _type: "configuration",
    config,
    options: checked(() => evaluation().options),
    _module: checked(() => evaluation().internalConfig.get("_module") ?? NixAttrs.empty),
    extendModules,
    type,
    class: args.class ?? null,
  });
}

export function evalModulesFn(env: LibEnv): Value {
  return fnOfSet("evalModules", FORMALS, (arg) => {
    const a = expectAttrs(arg);
    const legacy: Lazy[] = [];
    const oldArgs = a.lazy("args");
    if (oldArgs !== undefined) {
      env.ctx.warn("The args argument to evalModules is deprecated. Please set config._module.args instead.");
      legacy.push(attrs({ _file: "lib/modules.nix", _module: attrs({ args: oldArgs }) }));
    }
    const check = a.lazy("check");
    if (check !== undefined) {
      env.ctx.warn("The check argument to evalModules is deprecated. Please set config._module.check instead.");
      legacy.push(attrs({ _file: "lib/modules.nix", _module: attrs({ check: mkDefault(check) }) }));
    }
    const cls = force(a.lazy("class") ?? null);
    return evaluate(env, {
      modules: [...expectList(a.lazy("modules") ?? []), ...legacy],
      specialArgs: record(a.lazy("specialArgs")),
      prefix: stringList(a.lazy("prefix") ?? []),
      class: cls === null ? undefined : text(cls),
    });
  });
}
