/**
 * More of `lib.modules` (`importApply`, `importJSON`, `importTOML`,
 * `mapDefinitionValue`, `pushDownProperties`, `fixupOptionType`,
 * `evalOptionValue`), of `lib.options` (`literalCode`,
 * `renderOptionValue`, `scrubOptionValue`, `showOptionWithDefLocs`) and
 * `lib.fixedPoints.converge`, as nixpkgs defines them.
 */
import { force, isDerivation, NixAttrs, Thunk, typeTag, type Lazy, type Value } from "../nix/value.ts";
import { valuesEqual } from "../nix/equality.ts";
import { call, fn } from "./fn.ts";
import { attrs, expectAttrs, expectList, nixThrow, stringList, text } from "../nix/expect.ts";
import { builtin, type LibEnv } from "./lib-context.ts";
import { mergeOptionDecls } from "../module-system/option-declaration.ts";
import { EvaluatedOption } from "../module-system/evaluated-option.ts";
import { definitionsFromValue, typeFromValue, typeValue } from "../module-system/types/option-type.ts";
import { mergeDefinitions, overridesHighestPrio, type Merged } from "../module-system/merge-definitions.ts";
import type { Definition } from "../module-system/definition.ts";
import { showOption } from "../module-system/option-path.ts";
import { types as rawTypes } from "../module-system/types/index.ts";

export function modulesExtraLib(env: LibEnv): Record<string, Value> {
  const lib = () => env.self() as NixAttrs;
  const l = (name: string) => lib().lazy(name) as Lazy;
  const mapDefinitionValue = (f: Lazy, defL: Lazy): Value => {
    const def = force(defL);
    const tag = typeTag(def);
    if (!(def instanceof NixAttrs) || tag === undefined) return call(f, def);
    if (tag === "merge") return def.update(attrs({ contents: expectList(def.lazy("contents") as Lazy).map((c) => new Thunk(() => mapDefinitionValue(f, c))) }));
    if (tag === "if" || tag === "override" || tag === "order") return def.update(attrs({ content: new Thunk(() => mapDefinitionValue(f, def.lazy("content") as Lazy)) }));
    if (tag === "definition") return def.update(attrs({ value: new Thunk(() => mapDefinitionValue(f, def.lazy("value") as Lazy)) }));
    return call(f, def);
  };
  const pushDown = (cfgL: Lazy): Value[] => {
    const cfg = force(cfgL);
    const tag = typeTag(cfg);
    const each = (wrap: (v: Lazy) => Value, content: Lazy) =>
      pushDown(content).map((x) => (x instanceof NixAttrs ? new NixAttrs(new Map(x.keys().map((k) => [k, new Thunk(() => wrap(x.lazy(k) as Lazy))]))) : x));
    if (tag === "merge") return expectList((cfg as NixAttrs).lazy("contents") as Lazy).flatMap(pushDown);
    if (tag === "if") return each((v) => call(l("mkIf"), (cfg as NixAttrs).lazy("condition") as Lazy, v), (cfg as NixAttrs).lazy("content") as Lazy);
    if (tag === "override") return each((v) => call(l("mkOverride"), (cfg as NixAttrs).lazy("priority") as Lazy, v), (cfg as NixAttrs).lazy("content") as Lazy);
    return [cfg];
  };
  return {
    importApply: fn("importApply", (path, arg) => call(l("setDefaultModuleLocation"), path, new Thunk(() => call(call(builtin(env, "import"), path), arg)))),
    importJSON: fn("importJSON", (file) => attrs({ _file: file, config: new Thunk(() => call(l("importJSON"), file)) })),
    importTOML: fn("importTOML", (file) => attrs({ _file: file, config: new Thunk(() => call(l("importTOML"), file)) })),
    mapDefinitionValue: fn("mapDefinitionValue", mapDefinitionValue),
    pushDownProperties: fn("pushDownProperties", pushDown),
    fixupOptionType: fn("fixupOptionType", (_loc, optL) => {
      const opt = expectAttrs(optL);
      const type = opt.get("type");
      const subModules = type instanceof NixAttrs ? force(type.lazy("getSubModules") ?? null) : null;
      if (subModules === null) return opt.update(attrs({ type: opt.lazy("type") ?? typeValue(rawTypes.unspecified) }));
      return opt.update(attrs({ type: call((type as NixAttrs).lazy("substSubModules") as Lazy, opt.lazy("options") ?? []), options: [] }));
    }),
    mergeAttrDefinitionsWithPrio: fn("mergeAttrDefinitionsWithPrio", (optL) => {
      const opt = expectAttrs(optL);
      const type = typeFromValue(force(opt.lazy("type") as Lazy), "the option's type");
      if (type.name !== "attrsOf" && type.name !== "lazyAttrsOf") nixThrow("assertion '(opt.type.name == \"attrsOf\" || opt.type.name == \"lazyAttrsOf\")' failed");
      const loc = stringList(opt.lazy("loc") as Lazy);
      const byAttr = new Map<string, Definition[]>();
      for (const d of definitionsFromValue(opt.lazy("definitionsWithLocations") as Lazy)) {
        for (const pushed of pushDown(d.value)) {
          for (const k of expectAttrs(pushed).keys()) byAttr.set(k, [...(byAttr.get(k) ?? []), { file: d.file, value: expectAttrs(pushed).lazy(k) as Lazy }]);
        }
      }
      const elem = type.nestedTypes.elemType ?? rawTypes.unspecified;
      return new NixAttrs(
        new Map(
          [...byAttr].map(([k, defs]) => {
            let merged: Merged | undefined;
            const get = () => (merged ??= mergeDefinitions([...loc, k], elem, defs));
            // As nixpkgs', the priority leaves the overrides' contents unevaluated (mergeDefinitions discharges the winners').
            return [k, attrs({ value: new Thunk(() => get().value()), highestPrio: new Thunk(() => BigInt(overridesHighestPrio([...loc, k], defs))) })];
          }),
        ),
      );
    }),
    evalOptionValue: fn("evalOptionValue", (loc, optL, defs) => {
      const path = stringList(loc);
      const opt = expectAttrs(optL);
      const decl = mergeOptionDecls(path, [{ file: "<unknown-file>", value: opt }]);
      const evaluated = new EvaluatedOption(decl, definitionsFromValue(defs));
      return opt.update(evaluated.toValue());
    }),
  };
}

export function optionsExtraLib(env: LibEnv): Record<string, Value> {
  const lib = () => env.self() as NixAttrs;
  const scrub = (xl: Lazy): Value => {
    const x = force(xl);
    if (isDerivation(x)) {
      const name = (x as NixAttrs).lazy("name") as Lazy;
      return attrs({ type: "derivation", drvPath: name, outPath: name, name });
    }
    if (Array.isArray(x)) return x.map((e) => new Thunk(() => scrub(e)));
    if (x instanceof NixAttrs) return new NixAttrs(new Map(x.keys().filter((k) => k !== "_args").map((k) => [k, new Thunk(() => scrub(x.lazy(k) as Lazy))])));
    return x;
  };
  return {
    literalCode: fn("literalCode", (tag, code) => attrs({ _type: "literalMD", text: `\`\`\`${text(tag)}\n${text(code)}\n\`\`\`\n` })),
    renderOptionValue: fn("renderOptionValue", (vl) => {
      const v = force(vl);
      if (v instanceof NixAttrs && v.has("_type") && v.has("text")) return v;
      const toPretty = expectAttrs(lib().lazy("generators") as Lazy).lazy("toPretty") as Lazy;
      return attrs({ _type: "literalExpression", text: new Thunk(() => call(toPretty, attrs({ multiline: true, allowPrettyValues: true }), v)) });
    }),
    scrubOptionValue: fn("scrubOptionValue", scrub),
    showOptionWithDefLocs: fn("showOptionWithDefLocs", (optL) => {
      const opt = expectAttrs(optL);
      const files = expectList(opt.lazy("files") as Lazy).map((f) => `  - ${text(f)}`).join("\n");
      return `${showOption(stringList(opt.lazy("loc") as Lazy))}, with values defined in:\n${files}\n`;
    }),
  };
}

export function convergeFn(): Value {
  return fn("converge", (f, x) => {
    let cur = force(x);
    for (;;) {
      const next = force(call(f, cur));
      if (valuesEqual(next, cur)) return cur;
      cur = next;
    }
  });
}
