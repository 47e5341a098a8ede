/**
 * A configuration's default export (`{ modules: [...] }`) as modules of
 * the module system. Each module is wrapped as
 * `{ _file = <file>; imports = [ module ]; }`, the file being where the
 * module's object literal was written (known from its recorded key
 * positions, so a module imported from another file names that file) or
 * else the configuration entry. Definitions thus carry the file their
 * positions refer to, and conflicts can name `file:line`.
 * A function module's result is wrapped the same way when it is called;
 * an exception it throws goes through `userErrors` (a UserError at the
 * configuration's line that threw).
 */
import { NixAttrs, type Lazy } from "../nix/value.ts";
import { functionFromJS, lazyFromJS, POSITIONS } from "../nix/js-value.ts";
import type { Span } from "../diagnostics/location.ts";
import { UserError } from "../diagnostics/user-error.ts";

export function configModules(entry: string, exported: unknown, userErrors: (e: unknown) => unknown = (e) => e): Lazy[] {
  const modules = isObject(exported) ? (exported as { modules?: unknown }).modules : undefined;
  if (!Array.isArray(modules)) {
    throw new UserError(`Cannot load the configuration '${entry}': its default export must be \`defineConfig({ modules: [ … ] })'`, {
      file: entry,
      line: 0,
      column: 0,
    });
  }
  return modules.map((m: unknown, i) => {
    if (typeof m === "function") {
      const fn = m as (args: unknown) => unknown;
      const call = (args: unknown) => {
        try {
          return fn(args);
        } catch (e) {
          throw userErrors(e);
        }
      };
      return NixAttrs.from({ _file: entry, imports: [functionFromJS((args) => inFile(call(args), entry), fn.name)] });
    }
    if (!isObject(m)) {
      const what = m === null ? "null" : typeof m;
      throw new UserError(`Cannot use ${what} as module ${i + 1} of the configuration '${entry}': a module is an object or a function returning one`);
    }
    return inFileValue(m, entry);
  });
}

function inFile(module: unknown, fallback: string): { _file: string; imports: unknown[] } {
  return { _file: fileOf(module) ?? fallback, imports: [module] };
}

function inFileValue(module: object, fallback: string): NixAttrs {
  return NixAttrs.from({ _file: fileOf(module) ?? fallback, imports: [lazyFromJS(module)] });
}

/** The file an object literal was written in, from its recorded key positions. */
function fileOf(module: unknown): string | undefined {
  if (!isObject(module)) return undefined;
  const positions = (module as { [POSITIONS]?: ReadonlyMap<string, Span> })[POSITIONS];
  if (!(positions instanceof Map)) return undefined;
  for (const span of positions.values()) return (span as Span).file;
  return undefined;
}

function isObject(v: unknown): v is object {
  return typeof v === "object" && v !== null;
}
