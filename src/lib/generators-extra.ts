/**
 * More of `lib.generators`: `toLua` (Lua tables, or `local`-free
 * bindings with `asBindings`; `mkLuaInline` values pasted as they are),
 * `toPlist` (Apple property lists, `escape` for XML escaping), `toDhall`,
 * and `withRecursion` (a value with everything below `depthLimit`
 * replaced or refused), as nixpkgs writes them.
 */
import { force, isDerivation, isString, NixAttrs, NixPath, Thunk, typeOf, typeTag, type Lazy, type Value } from "../nix/value.ts";
import { call, fn, isCallable } from "./fn.ts";
import { attrs, expectAttrs, nixAbort, nixThrow, text } from "../nix/expect.ts";
import { interpolate, nixToString } from "./coercion.ts";
import { builtin, type LibEnv } from "./lib-context.ts";
import { OLDEST_SUPPORTED_RELEASE } from "./trivial.ts";

const LUA_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const SPECIAL = ["__functor", "__functionArgs", "__toString", "__pretty"];
const escapeXML = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

export function generatorsExtraLib(env: LibEnv): Record<string, Value> {
  const json = (v: Lazy) => text(call(builtin(env, "toJSON"), v));
  const pretty = (v: Lazy) => text(call(expectAttrs((env.self() as NixAttrs).lazy("generators") as Lazy).lazy("toPretty") as Lazy, NixAttrs.empty, v));

  const toLua = (multiline: boolean, indent: string, asBindings: boolean, vl: Lazy): string => {
    const v = force(vl);
    const inner = `${indent}  `;
    const [intro, outro] = multiline ? [`\n${inner}`, `\n${indent}`] : [" ", " "];
    const next = (x: Lazy) => toLua(multiline, asBindings ? indent : inner, false, x);
    if (asBindings) {
      const set = expectAttrs(v);
      const bad = set.keys().filter((k) => !LUA_NAME.test(k));
      if (bad.length > 0) nixThrow(`Bad Lua var names: ${pretty(bad)}`);
      return set.keys().map((k) => `${indent}${k} = ${next(set.lazy(k) as Lazy)}\n`).join("");
    }
    if (v === null) return "nil";
    if (typeof v === "bigint" || typeof v === "number" || typeof v === "boolean" || isString(v)) return json(v);
    if (v instanceof NixPath || isDerivation(v)) return json(interpolate(v, env.ctx.copyToStore));
    if (Array.isArray(v)) return v.length === 0 ? "{}" : `{${intro}${v.map(next).join(`,${intro}`)}${outro}}`;
    if (v instanceof NixAttrs) {
      if (typeTag(v) === "lua-inline") return `(${text(v.lazy("expr") as Lazy)})`;
      if (v.size === 0) return "{}";
      return `{${intro}${v.keys().map((k) => `[${json(k)}] = ${next(v.lazy(k) as Lazy)}`).join(`,${intro}`)}${outro}}`;
    }
    return nixAbort(`generators.toLua: type ${typeOf(v)} is unsupported`);
  };

  const toPlist = (escape: boolean, vl: Lazy): string => {
    const esc = escape ? escapeXML : (s: string) => s;
    const expr = (ind: string, xl: Lazy): string => {
      const x = force(xl);
      if (x === null) return "";
      if (typeof x === "boolean") return `${ind}${x ? "<true/>" : "<false/>"}`;
      if (typeof x === "bigint") return `${ind}<integer>${x}</integer>`;
      if (isString(x)) return `${ind}<string>${esc(text(x))}</string>`;
      if (Array.isArray(x)) return [`${ind}<array>`, x.map((e) => expr(`\t${ind}`, e)).join("\n"), `${ind}</array>`].join("\n");
      if (x instanceof NixAttrs) {
        const body = x.keys().flatMap((k) => (k === "_module" || force(x.lazy(k) as Lazy) === null ? [] : [`\t${ind}<key>${esc(k)}</key>`, expr(`\t${ind}`, x.lazy(k) as Lazy)]));
        return [`${ind}<dict>`, body.join("\n"), `${ind}</dict>`].join("\n");
      }
      if (x instanceof NixPath) return `${ind}<string>${esc(x.path)}</string>`;
      if (typeof x === "number") return `${ind}<real>${text(nixToString(x))}</real>`;
      return nixAbort(`generators.toPlist: should never happen (v = ${text(interpolate(vl, env.ctx.copyToStore))})`);
    };
    if (!escape && OLDEST_SUPPORTED_RELEASE >= 2505n) env.ctx.warn("Using `lib.generators.toPlist` without `escape = true` is deprecated");
    return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple Computer//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n${expr("", vl)}\n</plist>`;
  };

  const toDhall = (vl: Lazy): string => {
    const v = force(vl);
    if (v instanceof NixAttrs && !isCallable(v)) return `{ ${v.keys().map((k) => `${k} = ${toDhall(v.lazy(k) as Lazy)}`).join(", ")} }`;
    if (Array.isArray(v)) return `[ ${v.map(toDhall).join(", ")} ]`;
    if (typeof v === "bigint") return `${v < 0n ? "" : "+"}${v}`;
    if (typeof v === "boolean") return v ? "True" : "False";
    if (isCallable(v)) return nixAbort("generators.toDhall: cannot convert a function to Dhall");
    if (v === null) return nixAbort("generators.toDhall: cannot convert a null to Dhall");
    return json(v);
  };

  const withRecursion = (limit: bigint | null, throwOnLimit: boolean, vl: Lazy): Value => {
    const transform = (depth: number, x: Lazy): Lazy => {
      if (limit === null || BigInt(depth) <= limit) return x;
      if (throwOnLimit) nixThrow(`Exceeded maximum eval-depth limit of ${limit} while trying to evaluate with \`generators.withRecursion'!`);
      return "<unevaluated>";
    };
    const mapAny = (depth: number, x: Lazy): Value => {
      const v = force(x);
      const evalNext = (y: Lazy) => mapAny(depth + 1, transform(depth + 1, y));
      if (v instanceof NixAttrs) return new NixAttrs(new Map(v.keys().map((k) => [k, SPECIAL.includes(k) ? (v.lazy(k) as Lazy) : new Thunk(() => evalNext(v.lazy(k) as Lazy))])));
      if (Array.isArray(v)) return v.map(evalNext);
      return force(transform(depth + 1, v));
    };
    return mapAny(0, vl);
  };

  const opt = (o: Lazy, k: string) => expectAttrs(o).lazy(k);
  return {
    toLua: fn("toLua", (o, v) => toLua(force(opt(o, "multiline") ?? true) === true, text(opt(o, "indent") ?? ""), force(opt(o, "asBindings") ?? false) === true, v)),
    mkLuaInline: fn("mkLuaInline", (expr) => attrs({ _type: "lua-inline", expr })),
    toPlist: fn("toPlist", (o, v) => toPlist(force(opt(o, "escape") ?? false) === true, v)),
    toDhall: fn("toDhall", (_o, v) => toDhall(v)),
    withRecursion: fn("withRecursion", (o, v) => {
      const limit = expectAttrs(o).has("depthLimit") ? force(opt(o, "depthLimit") as Lazy) : nixThrow("function 'withRecursion' called without required argument 'depthLimit'");
      if (typeof limit !== "bigint") nixThrow("assertion 'isInt depthLimit' failed");
      return withRecursion(limit, force(opt(o, "throwOnDepthLimit") ?? true) === true, v);
    }),
  };
}
