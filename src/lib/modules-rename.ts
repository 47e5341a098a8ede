/**
 * `lib.modules`' renaming helpers as Nix functions over the module
 * system's own (src/module-system/rename.ts): mkRenamedOptionModule (and
 * its `With` form, which warns only once the oldest supported release is
 * past `sinceRelease`), mkAliasOptionModule, mkRemovedOptionModule,
 * mkChangedOptionModule, mkMergedOptionModule and doRename.
 */
import { force, type Lazy, type Value } from "../nix/value.ts";
import { EvalError } from "../nix/errors.ts";
import { call, fn, fnOfSet } from "./fn.ts";
import { expectAttrs, expectBool, expectInt, expectList, stringList, text } from "../nix/expect.ts";
import { OLDEST_SUPPORTED_RELEASE } from "./trivial.ts";
import * as rename from "../module-system/rename.ts";
import { showOption } from "../module-system/option-path.ts";
import type { LibEnv } from "./lib-context.ts";

export function modulesRenameLib(env: LibEnv): Record<string, Value> {
  const { ctx } = env;
  const alias = fn("mkAliasOptionModule", (from, to) => rename.mkAliasOptionModule(stringList(from), stringList(to)));
  const merged = (from: readonly string[][], to: Lazy, f: Lazy) => rename.mkMergedOptionModule(from, stringList(to), (config) => call(f, config));
  return {
    doRename: fnOfSet(
      "doRename",
      { from: false, to: false, visible: false, warn: false, use: false, withPriority: true, condition: true },
      (arg) => {
        const a = expectAttrs(arg);
        const get = (k: string): Lazy => {
          const v = a.lazy(k);
          if (v === undefined) throw new EvalError(`function 'doRename' called without required argument '${k}'`);
          return v;
        };
        return rename.doRename({
          from: stringList(get("from")),
          to: stringList(get("to")),
          visible: get("visible"),
          warn: expectBool(get("warn")),
          use: (v) => call(get("use"), v),
          withPriority: force(a.lazy("withPriority") ?? true) === true,
          condition: a.lazy("condition") ?? true,
        });
      },
    ),
    mkRenamedOptionModule: fn("mkRenamedOptionModule", (from, to) => rename.mkRenamedOptionModule(stringList(from), stringList(to), ctx.trace)),
    mkRenamedOptionModuleWith: fnOfSet("mkRenamedOptionModuleWith", { sinceRelease: false, from: false, to: false }, (arg) => {
      const a = expectAttrs(arg);
      const [from, to] = [stringList(a.lazy("from") ?? []), stringList(a.lazy("to") ?? [])];
      const warn = expectInt(a.lazy("sinceRelease") ?? 0n) <= OLDEST_SUPPORTED_RELEASE;
      const use = (v: Lazy) => {
        if (warn) ctx.warn(`Obsolete option \`${showOption(from)}' is used. It was renamed to \`${showOption(to)}'.`);
        return force(v);
      };
      return rename.doRename({ from, to, visible: false, warn, use });
    }),
    mkAliasOptionModule: alias,
    mkAliasOptionModuleMD: alias,
    mkRemovedOptionModule: fn("mkRemovedOptionModule", (path, instructions) => rename.mkRemovedOptionModule(stringList(path), () => text(instructions))),
    mkChangedOptionModule: fn("mkChangedOptionModule", (from, to, f) => merged([stringList(from)], to, f)),
    mkMergedOptionModule: fn("mkMergedOptionModule", (from, to, f) => merged(expectList(from).map(stringList), to, f)),
  };
}
