/**
 * The `builtins` attribute set and the global scope built from it.
 *
 * `createBuiltins(ctx)` assembles every family (one file each) into one
 * set; `builtins.builtins` is the set itself. Pure evaluation leaves out
 * `currentSystem` and `currentTime`. `globalScope(builtins)` gives the names
 * Nix binds without a prefix (`map`, `toString`, `import`, `true`, …) and
 * `__name` for every other builtin, for the evaluator's base environment.
 *
 *     const builtins = createBuiltins(ctx);
 *     const scope = globalScope(builtins); // scope.get("map"), scope.get("__add"), …
 */
import { NixAttrs, type Lazy, type Value } from "../value.ts";
import { arithmeticBuiltins } from "./arithmetic.ts";
import { attrsBuiltins } from "./attrs.ts";
import type { BuiltinContext } from "./builtin-context.ts";
import { contextBuiltins } from "./context.ts";
import { controlBuiltins } from "./control.ts";
import { derivationBuiltins } from "./derivation.ts";
import { fetcherBuiltins } from "./fetchers.ts";
import { fileBuiltins } from "./files.ts";
import { pathCopyBuiltins } from "./path-copy.ts";
import { flakeRefBuiltins } from "./flake-refs.ts";
import { genericClosureBuiltins } from "./generic-closure.ts";
import { hashBuiltins } from "./hashing.ts";
import { jsonBuiltins } from "./json.ts";
import { listBuiltins } from "./lists.ts";
import { regexBuiltins } from "./regex.ts";
import { sortBuiltins } from "./sort.ts";
import { stringBuiltins } from "./strings.ts";
import { tomlBuiltins } from "./toml.ts";
import { typeBuiltins } from "./types.ts";
import { versionBuiltins } from "./versions.ts";
import { xmlBuiltins } from "./xml.ts";

/** The Nix version we answer to `builtins.nixVersion` (lib compares against it). */
export const NIX_VERSION = "2.28.0";
export const LANG_VERSION = 6n;

/** Names Nix binds in the global scope without the `__` prefix. */
export const GLOBAL_NAMES: readonly string[] = [
  "abort", "baseNameOf", "break", "builtins", "derivation", "derivationStrict", "dirOf", "false",
  "fetchGit", "fetchMercurial", "fetchTarball", "fetchTree", "fromTOML", "import", "isNull", "map",
  "null", "placeholder", "removeAttrs", "scopedImport", "throw", "toString", "true",
];

export function createBuiltins(ctx: BuiltinContext): NixAttrs {
  const entries: Record<string, Value> = {
    ...typeBuiltins(),
    ...arithmeticBuiltins(),
    ...attrsBuiltins(),
    ...listBuiltins(),
    ...sortBuiltins(),
    ...genericClosureBuiltins(),
    ...stringBuiltins(ctx),
    ...controlBuiltins(ctx),
    ...versionBuiltins(),
    ...regexBuiltins(),
    ...jsonBuiltins(ctx),
    ...tomlBuiltins(ctx),
    ...xmlBuiltins(),
    ...hashBuiltins(ctx),
    ...contextBuiltins(ctx),
    ...fileBuiltins(ctx),
    ...pathCopyBuiltins(ctx),
    ...flakeRefBuiltins(),
    ...derivationBuiltins(ctx),
    ...fetcherBuiltins(),
    true: true,
    false: false,
    null: null,
    nixVersion: NIX_VERSION,
    langVersion: LANG_VERSION,
    storeDir: ctx.store.storeDir,
    nixPath: (ctx.searchPath ?? []).map((e) => NixAttrs.from({ path: e.path, prefix: e.prefix })),
  };
  if (ctx.currentSystem !== undefined && !ctx.pure) entries.currentSystem = ctx.currentSystem;
  if (!ctx.pure) entries.currentTime = BigInt(Math.floor((ctx.clock ?? Date.now)() / 1000));
  const map = new Map<string, Lazy>(Object.entries(entries));
  const builtins = new NixAttrs(map);
  // Filled in before the set is shared, so the set stays immutable for everyone else.
  map.set("builtins", builtins);
  return builtins;
}

/**
 * The evaluator's base scope: the names Nix binds globally as they are
 * (`map`, `true`, `builtins`, …; these have no `__` alias) and `__name` for
 * every other builtin (`__add`, `__nixVersion`, …).
 */
export function globalScope(builtins: NixAttrs): Map<string, Lazy> {
  const global = new Set(GLOBAL_NAMES);
  const scope = new Map<string, Lazy>();
  for (const name of builtins.keys()) scope.set(global.has(name) ? name : `__${name}`, builtins.lazy(name) as Lazy);
  return scope;
}
