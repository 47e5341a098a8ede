/**
 * `lib.strings.hasPrefix`, `hasSuffix`, `removePrefix` and
 * `removeSuffix` as nixpkgs writes them with `substring` and
 * `stringLength`: both arguments are coerced as interpolation coerces
 * them (a path is copied to the store, an integer refused with "cannot
 * coerce"), a path as the first argument is warned about in nixpkgs'
 * words and never matches, and a string that does not match is returned
 * as it was given.
 */
import { force, NixPath, stringText, type Lazy, type Value } from "../nix/value.ts";
import { fn } from "./fn.ts";
import { stringFrom } from "../nix/expect.ts";
import { interpolate } from "./coercion.ts";
import type { LibEnv } from "./lib-context.ts";

const DEPRECATED = [
  "This function also copies the path to the Nix store, which may not be what you want.",
  "This behavior is deprecated and will throw an error in the future.",
];

function pathWarning(name: string, first: NixPath, consequence: string, extra: readonly string[] = []): string {
  return [
    `lib.strings.${name}: The first argument (${first.path}) is a path value, but only strings are supported.`,
    ...[`There is almost certainly a bug in the calling code, since this function ${consequence} in such a case.`, ...DEPRECATED, ...extra].map((l) => `    ${l}`),
  ].join("\n");
}

export function stringsAffixLib(env: LibEnv): Record<string, Value> {
  const str = (v: Lazy) => stringText(interpolate(v, env.ctx.copyToStore) as string);
  /** The first argument, warned about when it is a path (nixpkgs' `warnIf (isPath …)`). */
  const first = (v: Lazy, name: string, consequence: string, extra?: readonly string[]): Value => {
    const x = force(v);
    if (x instanceof NixPath) env.ctx.warn(pathWarning(name, x, consequence, extra));
    return x;
  };
  const hasPrefix = (prefL: Lazy, s: Lazy): boolean => {
    const pref = first(prefL, "hasPrefix", "always returns `false`", ["You might want to use `lib.path.hasPrefix` instead, which correctly supports paths."]);
    const p = str(pref);
    return !(pref instanceof NixPath) && str(s).startsWith(p);
  };
  const hasSuffix = (sufL: Lazy, s: Lazy): boolean => {
    const suf = first(sufL, "hasSuffix", "always returns `false`");
    const content = str(s);
    return !(suf instanceof NixPath) && content.endsWith(str(suf));
  };
  return {
    hasPrefix: fn("hasPrefix", hasPrefix),
    hasSuffix: fn("hasSuffix", hasSuffix),
    removePrefix: fn("removePrefix", (prefL, s) => {
      const pref = first(prefL, "removePrefix", "never removes any prefix");
      const p = str(pref);
      const whole = interpolate(s, env.ctx.copyToStore);
      const t = stringText(whole as string);
      return !(pref instanceof NixPath) && t.startsWith(p) ? stringFrom(t.slice(p.length), whole) : force(s);
    }),
    removeSuffix: fn("removeSuffix", (sufL, s) => {
      const suf = first(sufL, "removeSuffix", "never removes any suffix");
      const x = str(suf);
      const whole = interpolate(s, env.ctx.copyToStore);
      const t = stringText(whole as string);
      return !(suf instanceof NixPath) && t.endsWith(x) ? stringFrom(t.slice(0, t.length - x.length), whole) : force(s);
    }),
  };
}
