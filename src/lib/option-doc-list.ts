/**
 * `lib.options.optionAttrSetToDocList` (and `optionAttrSetToDocList'`,
 * whose first argument is ignored): every option of an option tree as a
 * documentation record `{ loc; name; description; declarations; internal;
 * visible; readOnly; type; example?; default?; relatedPackages?; }`,
 * followed by the records of its type's sub-options (a submodule's, a
 * freeform type's `<name>` options) unless its `visible` is false or
 * "shallow". As nixpkgs writes it: examples and defaults are rendered
 * with `renderOptionValue` only when read, a type's `emptyValue` counts
 * as the default of a type without submodules, and a submodule's own
 * definitions are never evaluated.
 */
import { force, NixAttrs, Thunk, typeTag, type Lazy, type Value } from "../nix/value.ts";
import { valuesEqual } from "../nix/equality.ts";
import { call, fn } from "./fn.ts";
import { attrs, expectAttrs, expectList, stringList } from "../nix/expect.ts";
import { builtin, type LibEnv } from "./lib-context.ts";
import { showOption } from "../module-system/option-path.ts";
import { lookupPath } from "../nix/attr-paths.ts";

const UNKNOWN_MODULE = "<unknown-file>";

/** nixpkgs' `collect isOption`: the options of a tree, in attribute order. */
function collectOptions(v: Lazy): NixAttrs[] {
  const x = force(v);
  if (!(x instanceof NixAttrs)) return [];
  if (typeTag(x) === "option") return [x];
  return x.keys().flatMap((k) => collectOptions(x.lazy(k) as Lazy));
}

export function optionDocListLib(env: LibEnv): Record<string, Value> {
  const render = (v: Lazy): Value => {
    const options = expectAttrs((env.self() as NixAttrs).lazy("options") as Lazy);
    return call(options.lazy("renderOptionValue") as Lazy, v);
  };
  const inContext = (message: () => string, v: () => Value): Thunk =>
    new Thunk(() => call(builtin(env, "addErrorContext"), new Thunk(message), new Thunk(v)));

  const docList = (options: Lazy): Lazy[] =>
    collectOptions(options).flatMap((opt) => {
      const getAttr = builtin(env, "getAttr");
      const required = (n: string) => opt.lazy(n) ?? new Thunk(() => call(getAttr, n, opt));
      const loc = required("loc");
      const name = new Thunk(() => showOption(stringList(loc)));
      const visible = force(opt.lazy("visible") ?? true);
      const shown = (word: string) => (typeof visible === "boolean" ? visible : valuesEqual(visible, word));
      const type = opt.lazy("type");
      const typeAt = (...path: string[]) => (type === undefined ? undefined : lookupPath(type, path));
      const record: Record<string, Lazy> = {
        loc,
        name,
        description: opt.lazy("description") ?? null,
        declarations: new Thunk(() => expectList(required("declarations")).filter((d) => !valuesEqual(force(d), UNKNOWN_MODULE))),
        internal: opt.lazy("internal") ?? false,
        visible: shown("shallow"),
        readOnly: opt.lazy("readOnly") ?? false,
        type: new Thunk(() => force(typeAt("description") ?? "unspecified")),
      };
      const example = opt.lazy("example");
      if (example !== undefined) record.example = inContext(() => `while evaluating the example of option \`${String(force(name))}\``, () => render(example));
      const emptyValue = typeAt("emptyValue", "value");
      const hasSubModules = () => {
        const g = typeAt("getSubModules");
        return g !== undefined && force(g) !== null;
      };
      if (opt.has("defaultText") || opt.has("default") || (emptyValue !== undefined && !hasSubModules())) {
        const what = opt.has("defaultText") ? "defaultText" : "default value";
        const value = opt.lazy("defaultText") ?? opt.lazy("default") ?? (emptyValue as Lazy);
        record.default = inContext(() => `while evaluating the ${what} of option \`${String(force(name))}\``, () => render(value));
      }
      const related = opt.lazy("relatedPackages");
      if (related !== undefined && force(related) !== null) record.relatedPackages = related;
      const doc = attrs(record);
      if (!shown("transparent")) return [doc];
      const sub = force(call(call(getAttr, "getSubOptions", required("type")), loc));
      const empty = sub instanceof NixAttrs && sub.size === 0;
      return [doc, ...(empty ? [] : docList(sub))];
    });

  return {
    optionAttrSetToDocList: fn("optionAttrSetToDocList", (options) => docList(options)),
    "optionAttrSetToDocList'": fn("optionAttrSetToDocList'", (_prefix, options) => docList(options)),
  };
}
