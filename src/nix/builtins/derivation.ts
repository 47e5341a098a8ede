/**
 * `derivationStrict`, `derivation`, `toFile` and `placeholder`. Nothing is
 * built or written: paths are computed exactly as Nix 2.8 computes them
 * (see derivation-hash.ts and store-path.ts; the attributes are read as
 * derivation-attrs.ts says, structured ones included; errors are checked
 * with current Nix's wording and placed at the derivation's `name`
 * attribute when nothing closer placed them), and strings carry the
 * contexts Nix gives them (`drvPath` "=…drv", each output "!out!…drv",
 * `toFile` its own path). `derivation` is Nix's derivation.nix in
 * TypeScript: the attributes given, one set per output, `all`, `drvAttrs`,
 * and `type = "derivation"`, with the strict part forced only on demand.
 */
import { mkString } from "../coerce.ts";
import { EvalError } from "../errors.ts";
import { lazy, NixAttrs, type Lazy, type Thunk, type Value } from "../value.ts";
import type { BuiltinContext } from "./builtin-context.ts";
import { DrvRegistry, outputPathName, type Derivation, type FixedOutput } from "./derivation-hash.ts";
import { parseHash } from "./hashing.ts";
import { argFrame, forceAttrs, forceList, forceString, forceStringNoCtx, primop, withFrame } from "./primop.ts";
import { readDrvAttrs } from "./derivation-attrs.ts";
import { addFrame } from "../eval/fail.ts";
import { locate } from "../eval/locate.ts";
import { sha256 } from "./store-path.ts";
import { storeNameProblem } from "../store-name.ts";
import { nixBase32 } from "../nix-base32.ts";

function derivationStrict(ctx: BuiltinContext, registry: DrvRegistry, arg: Lazy): Value {
  const attrs = forceAttrs(arg, argFrame(0, "derivationStrict"));
  const nameV = attrs.lazy("name");
  if (nameV === undefined) throw new EvalError("attribute 'name' missing").withContext("in the attrset passed as argument to builtins.derivationStrict");
  const at = attrs.posOf("name");
  const name = withFrame("while evaluating the derivation attribute 'name'", () => forceStringNoCtx(nameV, "while evaluating the `name` attribute passed to builtins.derivationStrict"));
  try {
    return derivationNamed(ctx, registry, attrs, name);
  } catch (e) {
    addFrame(e, `while evaluating derivation '${name}'`);
    throw at === undefined ? e : locate(e, at);
  }
}

function derivationNamed(ctx: BuiltinContext, registry: DrvRegistry, attrs: NixAttrs, name: string): Value {
  const c = readDrvAttrs(ctx, attrs, name);
  const inputDrvs = new Map<string, Set<string>>();
  const inputSrcs = new Set<string>();
  const addDrv = (p: string, outs: Iterable<string>) => {
    const set = inputDrvs.get(p) ?? new Set<string>();
    for (const o of outs) set.add(o);
    inputDrvs.set(p, set);
  };
  for (const e of c.context) {
    if (e.startsWith("=")) {
      const closure = registry.closure(e.slice(1));
      for (const s of closure.srcs) inputSrcs.add(s);
      for (const [d, outs] of closure.drvs) addDrv(d, outs);
    } else if (e.startsWith("!")) {
      const bang = e.indexOf("!", 1);
      addDrv(e.slice(bang + 1), [e.slice(1, bang)]);
    } else inputSrcs.add(e);
  }
  const { builder, platform } = c;
  if (builder === "") throw new EvalError("required attribute 'builder' missing");
  if (platform === "") throw new EvalError("required attribute 'system' missing");
  if (name.endsWith(".drv")) throw new EvalError("derivation names are allowed to end in '.drv' only if they produce a single derivation file");
  const invalid = storeNameProblem(name);
  if (invalid !== undefined) throw new EvalError(`invalid derivation name: ${invalid}. Please pass a different 'name'.`);

  const outputs = new Map<string, string>();
  let fixed: FixedOutput | undefined;
  if (c.hash !== undefined) {
    if (c.outputs.length !== 1 || c.outputs[0] !== "out") throw new EvalError("multiple outputs are not supported in fixed-output derivations");
    const h = parseHash(c.hash, c.hashAlgo === "" ? undefined : c.hashAlgo);
    const hex = h.bytes.toString("hex");
    fixed = { methodAlgo: `${c.recursive ? "r:" : ""}${h.algo}`, hashHex: hex };
    const out = ctx.store.makeFixedOutputPath(c.recursive, h.algo, hex, name);
    outputs.set("out", out);
    c.env.set("out", out);
  } else {
    for (const o of c.outputs) {
      outputs.set(o, "");
      c.env.set(o, "");
    }
  }
  const drv: Derivation = { name, outputs, fixed, inputDrvs, inputSrcs, platform, builder, args: c.args, env: c.env };
  if (fixed === undefined) {
    for (const [o, h] of registry.hashModulo(drv, true)) {
      const p = ctx.store.makeStorePath(`output:${o}`, h, outputPathName(name, o));
      outputs.set(o, p);
      c.env.set(o, p);
    }
  }
  const drvPath = registry.write(drv);
  const result = new Map<string, Lazy>([["drvPath", mkString(drvPath, new Set([`=${drvPath}`]))]]);
  for (const [o, p] of outputs) result.set(o, mkString(p, new Set([`!${o}!${drvPath}`])));
  return new NixAttrs(result);
}

/** derivation.nix: `drvAttrs // outputs // { all; drvAttrs; }` plus outPath, drvPath, type and outputName per output. */
function derivation(strictFn: (a: Lazy) => Value, arg: Lazy): Value {
  const drvAttrs = forceAttrs(arg, argFrame(0, "derivation"));
  const outputsV = drvAttrs.lazy("outputs");
  const names = outputsV === undefined
    ? ["out"]
    : forceList(outputsV, "while evaluating the `outputs` attribute").map((n) => forceStringNoCtx(n, "while evaluating an output name"));
  if (names.length === 0) throw new EvalError("'builtins.head' called on an empty list");
  const strict = lazy(() => strictFn(drvAttrs), "derivationStrict");
  const common = new Map<string, Lazy>(drvAttrs.map);
  const perOutput = new Map<string, Thunk>();
  for (const n of names) {
    perOutput.set(n, lazy(() => {
      const m = new Map(common);
      m.set("outPath", lazy(() => forceAttrs(strict, "while evaluating derivationStrict").get(n) ?? null));
      m.set("drvPath", lazy(() => forceAttrs(strict, "while evaluating derivationStrict").get("drvPath") ?? null));
      m.set("type", "derivation");
      m.set("outputName", n);
      return new NixAttrs(m);
    }));
  }
  for (const [n, t] of perOutput) common.set(n, t);
  common.set("all", [...perOutput.values()]);
  common.set("drvAttrs", drvAttrs);
  return (perOutput.get(names[0] as string) as Thunk).force();
}

function toFile(ctx: BuiltinContext, name: Lazy, contents: Lazy): Value {
  const n = forceStringNoCtx(name, argFrame(0, "toFile"));
  const s = forceString(contents, argFrame(1, "toFile"));
  for (const e of s.context) {
    if (!e.startsWith("/")) throw new EvalError(`files created by builtins.toFile may not reference derivations, but ${n} references ${e.slice(e.lastIndexOf("!") + 1).replace(/^=/, "")}`);
  }
  const invalid = storeNameProblem(n);
  if (invalid !== undefined) throw new EvalError(invalid);
  const path = ctx.store.makeTextPath(n, s.text, s.context);
  ctx.store.texts.set(path, { name: n, text: s.text, references: [...s.context].sort() });
  return mkString(path, new Set([path]));
}

export function derivationBuiltins(ctx: BuiltinContext): Record<string, Value> {
  const registry = new DrvRegistry(ctx.store);
  const strict = primop("derivationStrict", 1, (a) => derivationStrict(ctx, registry, a));
  return {
    derivationStrict: strict,
    derivation: primop("derivation", 1, (a) => derivation((x) => strict.call(x), a)),
    toFile: primop("toFile", 2, (n, c) => toFile(ctx, n, c)),
    placeholder: primop("placeholder", 1, (o) =>
      `/${nixBase32(sha256(`nix-output:${forceStringNoCtx(o, argFrame(0, "placeholder"))}`))}`,
    ),
  };
}
