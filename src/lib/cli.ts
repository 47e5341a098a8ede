/**
 * `lib.cli`: command lines from attribute sets. `toCommandLine format
 * attrs` renders each attribute with the format of its name (`option`,
 * `sep`, `explicitBool`, `formatArg`); booleans are flags unless
 * explicit, null and false are left out, lists repeat the option;
 * `toCommandLineGNU` uses `-x`/`--long=` options; the `…Shell` forms
 * quote the result for a shell; the older `toGNUCommandLine(Shell)` keep
 * their own options (mkOptionName, mkBool, mkList, mkOption,
 * optionValueSeparator).
 */
import { force, NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { call, fn } from "./fn.ts";
import { attrs, expectAttrs, expectList, nixThrow, stringFrom, text } from "../nix/expect.ts";
import type { LibEnv } from "./lib-context.ts";

export function cliLib(env: LibEnv): Record<string, Value> {
  const lib = () => env.self() as NixAttrs;
  const mkValueString = new Thunk(() => call(expectAttrs(lib().lazy("generators") as Lazy).lazy("mkValueStringDefault") as Lazy, NixAttrs.empty));
  const shell = (args: Lazy) => call(lib().lazy("escapeShellArgs") as Lazy, args);

  const toCommandLine = (optionFormat: Lazy, set: Lazy): Value[] => {
    const a = expectAttrs(set);
    const render = (k: string, v: Lazy): Value[] => {
      const f = expectAttrs(call(optionFormat, k));
      const option = force(f.lazy("option") as Lazy);
      const sep = f.has("sep") ? force(f.lazy("sep") as Lazy) : nixThrow("function 'renderOption' called without required argument 'sep'");
      const explicitBool = force(f.lazy("explicitBool") as Lazy) === true;
      const value = force(v);
      if (value === null || (!explicitBool && value === false)) return [];
      if (!explicitBool && value === true) return [option];
      const arg = force(call(f.lazy("formatArg") ?? mkValueString, value));
      return sep === null ? [option, arg] : [stringFrom(`${text(option)}${text(sep)}${text(arg)}`, option, sep, arg)];
    };
    return a.keys().flatMap((k) => {
      if (k === "") nixThrow("lib.cli.toCommandLine only accepts non-empty option names.");
      const v = force(a.lazy(k) as Lazy);
      return Array.isArray(v) ? v.flatMap((x) => render(k, x)) : render(k, v);
    });
  };

  const gnuFormat = (o: NixAttrs) =>
    fn("optionFormat", (name) => {
      const n = text(name);
      const long = o.has("isLong") ? force(call(o.lazy("isLong") as Lazy, n)) === true : n.length > 1;
      return attrs({ option: long ? `--${n}` : `-${n}`, sep: long ? "=" : "", explicitBool: o.lazy("explicitBool") ?? false, formatArg: o.lazy("formatArg") ?? mkValueString });
    });

  const oldGNU = (opts: Lazy, set: Lazy): Value[] => {
    const o = expectAttrs(opts);
    const sep = force(o.lazy("optionValueSeparator") ?? null);
    const optionName = (k: string): Value => (o.has("mkOptionName") ? force(call(o.lazy("mkOptionName") as Lazy, k)) : k.length === 1 ? `-${k}` : `--${k}`);
    const mkOption = (k: string, v: Lazy): Lazy[] => {
      if (o.has("mkOption")) return expectList(call(o.lazy("mkOption") as Lazy, k, v));
      if (force(v) === null) return [];
      const value = text(call(mkValueString, v));
      return sep === null ? [optionName(k), value] : [`${text(optionName(k))}${text(sep)}${value}`];
    };
    const a = expectAttrs(set);
    return a.keys().flatMap((k) => {
      const v = force(a.lazy(k) as Lazy);
      if (typeof v === "boolean") return o.has("mkBool") ? expectList(call(o.lazy("mkBool") as Lazy, k, v)).map(force) : v ? [optionName(k)] : [];
      if (Array.isArray(v)) return (o.has("mkList") ? expectList(call(o.lazy("mkList") as Lazy, k, v)) : v.flatMap((x) => mkOption(k, x))).map(force);
      return mkOption(k, v).map(force);
    });
  };
  const deprecated = (name: string, instead: string) => env.ctx.warn(`lib.cli.${name} is deprecated, please use ${instead} instead.`);

  return {
    toCommandLine: fn("toCommandLine", toCommandLine),
    toCommandLineShell: fn("toCommandLineShell", (format, set) => shell(toCommandLine(format, set))),
    toCommandLineGNU: fn("toCommandLineGNU", (o, set) => toCommandLine(gnuFormat(expectAttrs(o)), set)),
    toCommandLineShellGNU: fn("toCommandLineShellGNU", (o, set) => shell(toCommandLine(gnuFormat(expectAttrs(o)), set))),
    toGNUCommandLine: fn("toGNUCommandLine", (o, set) => {
      deprecated("toGNUCommandLine", "lib.cli.toCommandLine or lib.cli.toCommandLineShellGNU");
      return oldGNU(o, set);
    }),
    toGNUCommandLineShell: fn("toGNUCommandLineShell", (o, set) => {
      deprecated("toGNUCommandLineShell", "lib.cli.toCommandLineShell or lib.cli.toCommandLineShellGNU");
      return shell(oldGNU(o, set));
    }),
  };
}
