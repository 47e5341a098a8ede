/**
 * `lib.evalModules { modules, specialArgs ? {}, prefix ? [], class ? null }`
 * for Nix code, over the module system TypeScript modules use. Modules
 * receive this lib (or the one `specialArgs` gives). The result is
 * nixpkgs' (src/module-system/nix-configuration.ts). The deprecated `args`
 * and `check` arguments become modules and warn.
 */
import { force, type NixAttrs, type Lazy, type Value } from "../nix/value.ts";
import { fnOfSet } from "./fn.ts";
import { attrs, expectAttrs, expectList, stringList, text } from "../nix/expect.ts";
import { configurationValue } from "../module-system/nix-configuration.ts";
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
  return configurationValue({
    modules: args.modules,
    specialArgs: args.specialArgs,
    prefix: args.prefix,
    class: args.class,
    extraArgs: { lib: env.self() },
    loadModule: (path) => env.ctx.importPath(path),
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
