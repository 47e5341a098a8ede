/**
 * `lib.derivations` and the derivation helpers of lib.customisation:
 * `extendDerivation cond passthru drv` (passthru attributes on the
 * derivation and on each output, its paths guarded by `cond`),
 * `overrideDerivation drv f` (a new derivation of the old attributes
 * with f's changes), `lazyDerivation` (a derivation's attributes without
 * evaluating it until needed), `optionalDrvAttr`, `warnOnInstantiate`,
 * and the output-dependency builtins.
 */
import { force, NixAttrs, NixFunction, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { call, fn, fnOfSet } from "./fn.ts";
import { attrs, expectAttrs, expectBool, expectList, nixThrow, text } from "../nix/expect.ts";
import { builtin, type LibEnv } from "./lib-context.ts";
import { valuesEqual } from "../nix/equality.ts";

const assertion = (cond: Lazy, v: () => Value) =>
  new Thunk(() => {
    if (!expectBool(cond)) throw nixThrow("assertion 'condition' failed");
    return v();
  });

export function extendDerivation(condition: Lazy, passthruL: Lazy, drvL: Lazy): Value {
  const drv = expectAttrs(drvL);
  const passthru = expectAttrs(passthruL);
  const outputs = drv.has("outputs") ? expectList(drv.lazy("outputs") as Lazy).map(text) : ["out"];
  let common: NixAttrs | undefined;
  const outputValues = outputs.map((name): [string, Lazy] => [
    name,
    new Thunk(() => {
      const out = () => expectAttrs(drv.lazy(name) as Lazy);
      const extra: Record<string, Lazy> = {
        type: new Thunk(() => force(out().lazy("type") as Lazy)),
        outputName: new Thunk(() => force(out().lazy("outputName") as Lazy)),
        outputSpecified: true,
        drvPath: assertion(condition, () => force(out().lazy("drvPath") as Lazy)),
        outPath: assertion(condition, () => force(out().lazy("outPath") as Lazy)),
      };
      const over = passthru.lazy("overrideAttrs");
      if (over !== undefined) extra.overrideAttrs = new NixFunction((f) => force(expectAttrs(call(over, f)).lazy(name) as Lazy));
      return (common as NixAttrs).update(attrs(extra));
    }),
  ]);
  common = drv
    .update(new NixAttrs(new Map([...outputValues, ["all", outputValues.map(([, v]) => v)]])))
    .update(passthru)
    .update(
      attrs({
        drvPath: assertion(condition, () => force(drv.lazy("drvPath") as Lazy)),
        outPath: assertion(condition, () => force(drv.lazy("outPath") as Lazy)),
      }),
    );
  return common;
}

export function overrideDerivation(drvL: Lazy, f: Lazy, env: LibEnv): Value {
  const drv = expectAttrs(drvL);
  const passthru = drv.get("passthru");
  const spliced = drv.lazy("__spliced");
  const extras = attrs({ meta: drv.lazy("meta") ?? NixAttrs.empty, passthru: passthru ?? NixAttrs.empty })
    .update(passthru instanceof NixAttrs ? passthru : NixAttrs.empty)
    .update(
      spliced === undefined
        ? NixAttrs.empty
        : attrs({ __spliced: new Thunk(() => new NixAttrs(new Map(expectAttrs(spliced).keys().map((k) => [k, new Thunk(() => overrideDerivation(expectAttrs(spliced).lazy(k) as Lazy, f, env))])))) }),
    );
  const cond = new Thunk(() => (force(call(builtin(env, "seq"), drv.lazy("drvPath") as Lazy, true)), true));
  const rebuilt = new Thunk(() => call(builtin(env, "derivation"), expectAttrs(drv.lazy("drvAttrs") as Lazy).update(expectAttrs(call(f, drv)))));
  return extendDerivation(cond, extras, rebuilt);
}

export function derivationsLib(env: LibEnv): Record<string, Value> {
  const lib = () => env.self() as NixAttrs;
  const pretty = (v: Lazy) => text(call(expectAttrs(lib().lazy("generators") as Lazy).lazy("toPretty") as Lazy, attrs({ multiline: false }), v));
  const warnOnInstantiate = (msg: Lazy, drvL: Lazy): Value => {
    const drv = expectAttrs(drvL);
    const wrapped = new Map<string, Lazy>();
    for (const k of drv.keys()) {
      if (["meta", "name", "type", "outputName"].includes(k)) continue;
      wrapped.set(k, new Thunk(() => (env.ctx.warn(text(msg)), force(drv.lazy(k) as Lazy))));
    }
    const over = drv.get("overrideAttrs");
    if (over instanceof NixFunction) wrapped.set("overrideAttrs", new NixFunction((x) => warnOnInstantiate(msg, call(over, x))));
    return drv.update(new NixAttrs(wrapped));
  };
  return {
    addDrvOutputDependencies: builtin(env, "addDrvOutputDependencies"),
    unsafeDiscardOutputDependency: builtin(env, "unsafeDiscardOutputDependency"),
    optionalDrvAttr: fn("optionalDrvAttr", (cond, value) => (expectBool(cond) ? force(value) : null)),
    warnOnInstantiate: fn("warnOnInstantiate", warnOnInstantiate),
    lazyDerivation: fnOfSet("lazyDerivation", { derivation: false, meta: true, passthru: true, outputs: true }, (argsL) => {
      const args = expectAttrs(argsL);
      const outputs = args.lazy("outputs") ?? ["out"];
      const checked = new Thunk(() => {
        const d = force(args.lazy("derivation") as Lazy);
        if (!(d instanceof NixAttrs) || force(d.lazy("type") ?? null) !== "derivation") nixThrow("lazyDerivation: input must be a derivation.");
        if (!valuesEqual(force(d.lazy("outputs") as Lazy), force(outputs))) {
          const name = d.has("name") ? text(d.get("name") as Value) : "<unknown>";
          nixThrow(
            `lib.lazyDerivation: The derivation ${name} has outputs that don't match the assumed outputs.\n\nAssumed outputs passed to lazyDerivation:\n    ${pretty(outputs)};\n\nActual outputs of the derivation:\n    ${pretty(d.lazy("outputs") as Lazy)}\n\nIf the outputs are known ahead of evaluating the derivation,\nthen update the lazyDerivation call to match the actual outputs, in the same order.\nIf lazyDerivation is passed a literal value, just change it to the actual outputs.\nAs a result it will work as before / as intended.\n\nOtherwise, when the outputs are dynamic and can't be known ahead of time, it won't\nbe possible to add laziness, but lib.lazyDerivation may still be useful for trimming\nthe attributes.\nIf you want to keep trimming the attributes, make sure that the package is in a\nvariable (don't evaluate it twice!) and pass the variable and its outputs attribute\nto lib.lazyDerivation. This largely defeats laziness, but keeps the trimming.\n\nIf none of the above works for you, replace the lib.lazyDerivation call by the\nexpression in the derivation argument.\n`,
          );
        }
        return d;
      });
      const from = (k: string) => new Thunk(() => force(call(builtin(env, "getAttr"), k, checked)));
      const fields: Record<string, Lazy> = { type: "derivation", outputs };
      for (const k of ["outPath", "outputName", "drvPath", "name", "system"]) fields[k] = from(k);
      fields.meta = args.has("meta") ? (args.lazy("meta") as Lazy) : from("meta");
      const perOutput = new Map(expectList(outputs).map((o) => [text(o), from(text(o))] as [string, Lazy]));
      return attrs(fields).update(new NixAttrs(perOutput)).update(expectAttrs(args.lazy("passthru") ?? NixAttrs.empty));
    }),
  };
}
