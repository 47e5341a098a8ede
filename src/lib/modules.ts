/**
 * `lib.modules`, the definition side: properties (mkIf, mkMerge,
 * mkOverride and its named priorities, mkOrder/mkBefore/mkAfter,
 * mkDefinition, mkAssert) as the same `_type`-tagged sets TypeScript
 * modules build, the functions that interpret them (dischargeProperties,
 * filterOverrides, sortProperties, mergeDefinitions), and forwarding one
 * option's definitions to another (mkAliasDefinitions and friends).
 */
import { force, NixAttrs, Thunk, typeTag, type Lazy, type Value } from "../nix/value.ts";
import { call, fn } from "./fn.ts";
import { attrs, expectAttrs, expectList, nixThrow, text } from "../nix/expect.ts";
import { sortBy } from "./lists-more.ts";
import { mergeDefinitions } from "../module-system/merge-definitions.ts";
import { mkAliasAndWrapDefinitions, mkAliasAndWrapDefsWithPriority, mkAliasIfDef } from "../module-system/alias.ts";
import { definitionsFromValue, pathFromValue, typeFromValue } from "../module-system/types/option-type.ts";
import * as props from "../module-system/properties.ts";
import { defaultOrderPriority, defaultOverridePriority } from "../module-system/properties.ts";

const tag = (type: string, fields: Record<string, Lazy>) => attrs({ _type: type, ...fields });
const override = (priority: Lazy, content: Lazy) => tag("override", { priority, content });
const order = (priority: Lazy, content: Lazy) => tag("order", { priority, content });

function dischargeProperties(v: Lazy): Lazy[] {
  const x = force(v);
  const t = typeTag(x);
  if (t === "merge") return expectList((x as NixAttrs).lazy("contents") as Lazy).flatMap(dischargeProperties);
  if (t === "if") {
    const cond = (x as NixAttrs).get("condition");
    if (typeof cond !== "boolean") nixThrow("‘mkIf’ called with a non-Boolean condition");
    return cond ? dischargeProperties((x as NixAttrs).lazy("content") as Lazy) : [];
  }
  return [x];
}

function priorityOf(def: NixAttrs, type: string, dflt: bigint): bigint {
  const v = def.get("value") as Value;
  if (typeTag(v) !== type) return dflt;
  const p = (v as NixAttrs).get("priority");
  return typeof p === "bigint" ? p : dflt;
}

/** The definitions of the highest priority, unwrapped, and that priority. */
function filterOverrides(defs: Lazy): { values: Lazy[]; highestPrio: bigint } {
  const list = expectList(defs).map(expectAttrs);
  const prios = list.map((d) => priorityOf(d, "override", BigInt(defaultOverridePriority)));
  const highestPrio = prios.reduce((a, b) => (b < a ? b : a), 9999n);
  const values = list
    .filter((_, i) => prios[i] === highestPrio)
    .map((d) => (typeTag(d.get("value") as Value) === "override" ? d.update(attrs({ value: (d.get("value") as NixAttrs).lazy("content") as Lazy })) : d));
  return { values, highestPrio };
}

export function modulesLib(): Record<string, Value> {
  const wrapWith = (wrap: Lazy) => (v: Lazy) => new Thunk(() => call(wrap, v));
  return {
    mkIf: fn("mkIf", props.mkIf),
    mkAssert: fn("mkAssert", (assertion, message, content) =>
      tag("if", { condition: new Thunk(() => force(assertion) === true || nixThrow(`\nFailed assertion: ${text(message)}`)), content }),
    ),
    mkMerge: fn("mkMerge", props.mkMerge),
    // The priority stays lazy, as in nixpkgs (props.mkOverride takes a number).
    mkOverride: fn("mkOverride", override),
    mkOptionDefault: fn("mkOptionDefault", props.mkOptionDefault),
    mkDefault: fn("mkDefault", props.mkDefault),
    mkImageMediaOverride: fn("mkImageMediaOverride", props.mkImageMediaOverride),
    mkForce: fn("mkForce", props.mkForce),
    mkVMOverride: fn("mkVMOverride", props.mkVMOverride),
    mkFixStrictness: fn("mkFixStrictness", (v) => force(v)),
    mkOrder: fn("mkOrder", order),
    mkBefore: fn("mkBefore", props.mkBefore),
    mkAfter: fn("mkAfter", props.mkAfter),
    mkDefinition: fn("mkDefinition", (d) => expectAttrs(d).update(attrs({ _type: "definition" }))),
    defaultOverridePriority: BigInt(defaultOverridePriority),
    defaultPriority: BigInt(defaultOverridePriority),
    defaultOrderPriority: BigInt(defaultOrderPriority),
    dischargeProperties: fn("dischargeProperties", dischargeProperties),
    filterOverrides: fn("filterOverrides", (defs) => filterOverrides(defs).values),
    "filterOverrides'": fn("filterOverrides'", (defs) => {
      const r = filterOverrides(defs);
      return attrs({ values: r.values, highestPrio: r.highestPrio });
    }),
    sortProperties: fn("sortProperties", (defs) => {
      const stripped = expectList(defs).map((d) => {
        const def = expectAttrs(d);
        const v = def.get("value") as Value;
        return typeTag(v) !== "order" ? def : def.update(attrs({ value: (v as NixAttrs).lazy("content") as Lazy, priority: (v as NixAttrs).lazy("priority") as Lazy }));
      });
      const prio = (d: Lazy) => {
        const p = (force(d) as NixAttrs).get("priority");
        return typeof p === "bigint" ? p : BigInt(defaultOrderPriority);
      };
      return sortBy(stripped, (a, b) => prio(a) < prio(b));
    }),
    mergeDefinitions: fn("mergeDefinitions", (loc, type, defs) => {
      const merged = mergeDefinitions(pathFromValue(loc), typeFromValue(force(type), "the type"), definitionsFromValue(defs));
      const defsFinal = merged.defsFinal.map((d) => attrs({ file: d.file, value: d.value }));
      const value = new Thunk(() => merged.value());
      return attrs({
        defsFinal,
        "defsFinal'": attrs({ values: defsFinal, highestPrio: BigInt(merged.highestPrio) }),
        isDefined: merged.isDefined,
        mergedValue: value,
        optionalValue: merged.isDefined ? attrs({ value }) : NixAttrs.empty,
      });
    }),
    mkAliasDefinitions: fn("mkAliasDefinitions", (option) => mkAliasAndWrapDefinitions((v) => v, option)),
    mkAliasAndWrapDefinitions: fn("mkAliasAndWrapDefinitions", (wrap, option) => mkAliasAndWrapDefinitions(wrapWith(wrap), option)),
    mkAliasAndWrapDefsWithPriority: fn("mkAliasAndWrapDefsWithPriority", (wrap, option) => mkAliasAndWrapDefsWithPriority(wrapWith(wrap), option)),
    mkAliasIfDef: fn("mkAliasIfDef", (option, content) => mkAliasIfDef(option, content)),
    mkDerivedConfig: fn("mkDerivedConfig", (opt, f) => {
      const o = expectAttrs(opt);
      return override(o.lazy("highestPrio") ?? BigInt(defaultOverridePriority), new Thunk(() => call(f, o.lazy("value") as Lazy)));
    }),
    setDefaultModuleLocation: fn("setDefaultModuleLocation", (file, m) => attrs({ _file: file, imports: [m] })),
  };
}
