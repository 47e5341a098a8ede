/**
 * Fetchers. This evaluator has no network and no store to fetch into, so
 * every fetcher fails at once with a clear, fatal (not catchable by
 * tryEval) error naming what was asked for ("cannot fetch 'https://…' with
 * builtins.fetchurl: this evaluator works offline").
 */
import { EvalError } from "../errors.ts";
import { force, isString, NixAttrs, NixPath, stringText, type Lazy, type Value } from "../value.ts";
import { primop } from "./primop.ts";

/** What a fetcher argument names, for the message: a URL string, a set's `url`, or a path. */
function describe(arg: Lazy): string {
  const v = force(arg);
  if (isString(v)) return stringText(v);
  if (v instanceof NixPath) return v.path;
  if (v instanceof NixAttrs) {
    for (const key of ["url", "path", "name"]) {
      const x = v.get(key);
      if (x !== undefined && isString(x)) return stringText(x);
    }
    return v.keys().length === 0 ? "{ }" : `{ ${v.keys().join(", ")} }`;
  }
  return String(v);
}

const FETCHERS = ["fetchurl", "fetchTarball", "fetchGit", "fetchMercurial", "fetchTree", "fetchClosure", "getFlake"];

export function fetcherBuiltins(): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const name of FETCHERS) {
    out[name] = primop(name, 1, (arg) => {
      throw new EvalError(`cannot fetch '${describe(arg)}' with builtins.${name}: this evaluator works offline, without a Nix store`);
    });
  }
  return out;
}
