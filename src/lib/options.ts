/**
 * `lib.options`: declaring options (`mkOption`, `mkEnableOption`,
 * `mkPackageOption`, `mkSinkUndeclaredOptions`), literal examples, the
 * shared merge functions as Nix functions of `loc` and `defs`, and the
 * helpers that show options and definitions in messages.
 */
import { force, isString, NixAttrs, Thunk, typeTag, type Lazy, type Value } from "../nix/value.ts";
import { EvalError } from "../nix/errors.ts";
import { fn, fnOfSet } from "./fn.ts";
import { attrs, expectAttrs, expectBool, expectList, nixThrow, stringList, text } from "../nix/expect.ts";
import { lookupPath } from "./attrsets.ts";
import { mergeDefaultOption, mergeEqualOption, mergeOneOption } from "../module-system/merge-functions.ts";
import { showDefs } from "../module-system/definition.ts";
import { escapeNixIdentifier, showFiles, showOption } from "../module-system/option-path.ts";
import { definitionsFromValue, pathFromValue, typeValue } from "../module-system/types/option-type.ts";
import { types as rawTypes } from "../module-system/types/index.ts";

const OPTION_ARGS = ["default", "defaultText", "example", "description", "relatedPackages", "type", "apply", "internal", "visible", "readOnly"];

export function mkOption(arg: Lazy): NixAttrs {
  const a = expectAttrs(arg);
  const unexpected = a.keys().find((k) => !OPTION_ARGS.includes(k));
  if (unexpected !== undefined) throw new EvalError(`function 'mkOption' called with unexpected argument '${unexpected}'`);
  return a.update(attrs({ _type: "option" }));
}

export function literalExpression(t: Lazy): NixAttrs {
  if (!isString(force(t))) nixThrow("literalExpression expects a string.");
  return attrs({ _type: "literalExpression", text: t });
}

/** nixpkgs `showAttrPath`: names quoted where they are not identifiers. */
const showAttrPath = (path: readonly string[]) => (path.length === 0 ? "<root attribute path>" : path.map(escapeNixIdentifier).join("."));

function mkPackageOption(pkgs: Lazy, name: Lazy, opts: Lazy): NixAttrs {
  const o = expectAttrs(opts);
  const nameValue = force(name);
  const shortName = Array.isArray(nameValue) ? text(nameValue[nameValue.length - 1] ?? "") : text(nameValue);
  const pkgsText = text(o.lazy("pkgsText") ?? "pkgs");
  const nullable = expectBool(o.lazy("nullable") ?? false);
  const dflt = o.has("default") ? force(o.lazy("default") as Lazy) : nameValue;
  const extra = text(o.lazy("extraDescription") ?? "");
  const fields: Record<string, Lazy> = {
    description: `The ${shortName} package to use.${extra === "" ? "" : " "}${extra}`,
    type: typeValue(nullable ? rawTypes.nullOr(rawTypes.package) : rawTypes.package),
  };
  if (dflt !== null) {
    const path = Array.isArray(dflt) ? dflt.map(text) : [text(dflt)];
    const shown = showAttrPath(path);
    fields.default = new Thunk(() => force(lookupPath(force(pkgs), path) ?? nixThrow(`${shown} cannot be found in ${pkgsText}`)));
    fields.defaultText = literalExpression(`${pkgsText}.${shown}`);
  } else if (nullable) {
    fields.default = null;
  }
  const example = force(o.lazy("example") ?? null);
  if (example !== null) {
    fields.example = literalExpression(Array.isArray(example) ? `${pkgsText}.${showAttrPath(example.map(text))}` : example);
  }
  return mkOption(attrs(fields));
}

export function optionsLib(): Record<string, Value> {
  const merge = (f: (loc: string[], defs: ReturnType<typeof definitionsFromValue>) => Value) =>
    fn("merge", (loc, defs) => f(pathFromValue(loc), definitionsFromValue(defs)));
  const optionNames = Object.fromEntries(OPTION_ARGS.map((k) => [k, true]));
  return {
    mkOption: fnOfSet("mkOption", optionNames, mkOption),
    mkEnableOption: fn("mkEnableOption", (name) =>
      // The description is read lazily: `mkEnableOption null // { description = …; }` is common.
      mkOption(attrs({ default: false, example: true, description: new Thunk(() => `Whether to enable ${text(name)}.`), type: typeValue(rawTypes.bool) })),
    ),
    mkPackageOption: fn("mkPackageOption", mkPackageOption),
    mkPackageOptionMD: fn("mkPackageOptionMD", mkPackageOption),
    mkSinkUndeclaredOptions: fn("mkSinkUndeclaredOptions", (extra) =>
      mkOption(
        attrs({
          internal: true,
          visible: false,
          default: false,
          description: "Sink for option definitions.",
          type: typeValue({ ...rawTypes.raw, name: "sink", description: "sink", merge: () => false }),
          apply: fn("apply", (_x) => nixThrow("Option value is not readable because the option is not declared.")),
        }).update(expectAttrs(extra)),
      ),
    ),
    mergeDefaultOption: merge(mergeDefaultOption),
    mergeOneOption: merge((loc, defs) => mergeOneOption(loc, defs)),
    mergeUniqueOption: fn("mergeUniqueOption", (opts) => merge((loc, defs) => mergeOneOption(loc, defs, text(expectAttrs(opts).lazy("message") ?? "")))),
    mergeEqualOption: merge(mergeEqualOption),
    getValues: fn("getValues", (list) => expectList(list).map((d) => expectAttrs(d).lazy("value") ?? null)),
    getFiles: fn("getFiles", (list) => expectList(list).map((d) => expectAttrs(d).lazy("file") ?? null)),
    literalExpression: fn("literalExpression", literalExpression),
    literalExample: fn("literalExample", literalExpression),
    literalMD: fn("literalMD", (t) => {
      if (!isString(force(t))) nixThrow("literalMD expects a string.");
      return attrs({ _type: "literalMD", text: t });
    }),
    mdDoc: fn("mdDoc", (s) => force(s)),
    showOption: fn("showOption", (loc) => showOption(stringList(loc))),
    showFiles: fn("showFiles", (files) => showFiles(stringList(files))),
    showDefs: fn("showDefs", (defs) => showDefs(definitionsFromValue(defs))),
    unknownModule: "<unknown-file>",
    isOption: fn("isOption", (v) => typeTag(force(v)) === "option"),
  };
}

