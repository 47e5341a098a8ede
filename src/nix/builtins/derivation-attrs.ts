/**
 * The attributes of a `derivationStrict` argument, read as Nix reads them,
 * in name order: `args` gives the builder's arguments; with
 * `__structuredAttrs = true` every other attribute goes, as JSON, into one
 * `__json` variable (`builder`, `system`, `outputs` and the `outputHash*`
 * attributes are read from it too, `outputs` as a list), otherwise each
 * becomes an environment variable (a string, `outputs` split at
 * whitespace). `__contentAddressed` and `__impure` must be Booleans, and
 * true needs an experimental feature Nix has off by default (false is an
 * ordinary attribute, as in current Nix; Nix 2.8 dropped it). What fails
 * is placed at the attribute, "while evaluating attribute … of derivation …".
 */
import { coerceToString } from "../coerce.ts";
import { EvalError } from "../errors.ts";
import { addFrame } from "../eval/fail.ts";
import { locate } from "../eval/locate.ts";
import { typeError } from "../operators.ts";
import { force, NixAttrs, NixString, type Lazy } from "../value.ts";
import type { BuiltinContext } from "./builtin-context.ts";
import { jsonString, toJSON } from "./json.ts";
import { contextPath, forceBool, forceList, withFrame } from "./primop.ts";

export interface DrvAttrs {
  readonly env: Map<string, string>;
  readonly args: string[];
  readonly context: Set<string>;
  outputs: string[];
  builder: string;
  platform: string;
  hash: string | undefined;
  hashAlgo: string;
  recursive: boolean;
}

/** What structured attributes make of the checks that now belong in `outputChecks`. */
const OUTPUT_CHECKS = new Set(["allowedReferences", "allowedRequisites", "disallowedReferences", "disallowedRequisites", "maxSize", "maxClosureSize"]);

export function readDrvAttrs(ctx: BuiltinContext, attrs: NixAttrs, drvName: string): DrvAttrs {
  const flag = (name: string, frame: string): boolean => {
    const v = attrs.lazy(name);
    return v !== undefined && forceBool(v, frame);
  };
  const ignoreNulls = flag("__ignoreNulls", "while evaluating the `__ignoreNulls` attribute passed to builtins.derivationStrict");
  const structured = flag("__structuredAttrs", "while evaluating the `__structuredAttrs` attribute passed to builtins.derivationStrict");
  const d: DrvAttrs = { env: new Map(), args: [], context: new Set(), outputs: ["out"], builder: "", platform: "", hash: undefined, hashAlgo: "", recursive: false };
  const json: string[] = [];
  for (const key of attrs.keys()) {
    if (key === "__ignoreNulls" || (structured && key === "__structuredAttrs")) continue;
    const v = attrs.lazy(key) as Lazy;
    try {
      if (ignoreNulls && force(v) === null) continue;
      if (key === "__contentAddressed" && bool(v)) throw experimental("ca-derivations");
      if (key === "__impure" && bool(v)) throw experimental("impure-derivations");
      if (key === "args") {
        for (const a of forceList(v, "while evaluating the `args` attribute passed to builtins.derivationStrict")) {
          d.args.push(withFrame("while evaluating an element of the argument list", () => envString(ctx, a, d.context)));
        }
      } else if (structured) {
        json.push(`${jsonString(key)}:${toJSON(ctx, v, d.context)}`);
        structuredAttr(ctx, d, key, v);
      } else {
        const s = envString(ctx, v, d.context);
        d.env.set(key, s);
        special(d, key, s, () => s.split(/[ \t\n\r]+/).filter((n) => n !== ""));
      }
    } catch (e) {
      const at = attrs.posOf(key);
      addFrame(e, `while evaluating attribute '${key}' of derivation '${drvName}'`);
      throw at === undefined ? e : locate(e, at);
    }
  }
  if (structured) d.env.set("__json", `{${json.join(",")}}`);
  return d;
}

/** `builder`, `system`, `outputs` and the `outputHash*` attributes, given the string (or, for `outputs`, the names). */
function special(d: DrvAttrs, key: string, s: string, names: () => string[]): void {
  if (key === "builder") d.builder = s;
  else if (key === "system") d.platform = s;
  else if (key === "outputHash") d.hash = s;
  else if (key === "outputHashAlgo") d.hashAlgo = s;
  else if (key === "outputHashMode") {
    if (s !== "recursive" && s !== "flat") throw new EvalError(`invalid value '${s}' for 'outputHashMode' attribute`);
    d.recursive = s === "recursive";
  } else if (key === "outputs") d.outputs = outputNames(names());
}

function structuredAttr(ctx: BuiltinContext, d: DrvAttrs, key: string, v: Lazy): void {
  if (key === "builder") d.builder = str(v, true);
  else if (key === "outputs") special(d, key, "", () => list(v).map((n) => str(n, false)));
  else if (key === "system" || key.startsWith("outputHash")) special(d, key, str(v, false), () => []);
  if (OUTPUT_CHECKS.has(key)) {
    ctx.warn(`'structuredAttrs' disables the effect of the derivation attribute '${key}'; use 'outputChecks.<output>.${key}' instead`);
  }
}

/** A string attribute as structured attributes read it; its context was taken with the JSON. */
function str(v: Lazy, contextAllowed: boolean): string {
  const x = force(v);
  if (typeof x === "string") return x;
  if (!(x instanceof NixString)) throw typeError("a string", x);
  for (const c of x.context) {
    if (!contextAllowed) throw new EvalError(`the string '${x.s}' is not allowed to refer to a store path (such as '${contextPath(c)}')`);
  }
  return x.s;
}

function list(v: Lazy): Lazy[] {
  const x = force(v);
  if (Array.isArray(x)) return x;
  throw typeError("a list", x);
}

function bool(v: Lazy): boolean {
  const x = force(v);
  if (typeof x === "boolean") return x;
  throw typeError("a Boolean", x);
}

function experimental(feature: string): EvalError {
  return new EvalError(`experimental Nix feature '${feature}' is disabled; add '--extra-experimental-features ${feature}' to enable it`);
}

/** An attribute as an environment variable: coerced as `toString` does, paths copied to the store. */
function envString(ctx: BuiltinContext, v: Lazy, context: Set<string>): string {
  const s = coerceToString(v, { coerceMore: true, copyToStore: true }, ctx.copyToStore);
  for (const c of s.context) context.add(c);
  return s.text;
}

/** The output names: no repeats, not `drvPath` (the result's own attribute), at least one. */
function outputNames(names: string[]): string[] {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new EvalError(`duplicate derivation output '${n}'`);
    if (n === "drvPath") throw new EvalError("invalid derivation output name 'drvPath'");
    seen.add(n);
  }
  if (names.length === 0) throw new EvalError("derivation cannot have an empty set of outputs");
  return names;
}
