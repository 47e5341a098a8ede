/**
 * The TypeScript type of the values an option type accepts, as source
 * text: bool → boolean, int → number, strings → string, paths → string or
 * a file: URL, enum →
 * a union of literals, listOf → readonly array, attrsOf → string index
 * signature, nullOr → `| null`, package and shellPackage → Package, submodule → a named
 * interface (made by the caller), anything else → unknown.
 * Elements of lists and attribute sets are `Def<…>`, since the module
 * system merges each of them on its own (each may be an mkIf).
 */
import { isString, stringText, type Value } from "../nix/value.ts";
import type { OptionType } from "../module-system/types/option-type.ts";
import type { OptionPath } from "../module-system/option-path.ts";

/** Names the interface for a submodule type's options at `path` (emitting it on first use). */
export type SubmoduleNamer = (type: OptionType, path: OptionPath) => string;

const BOOLEAN = new Set(["bool", "boolByOr"]);
const NUMBER = new Set(["int", "intBetween", "unsignedInt", "positiveInt", "float", "number"]);
const STRING = new Set(["str", "nonEmptyStr", "singleLineStr", "separatedString", "lines", "commas", "envVar"]);

export function optionTypeToTs(type: OptionType, path: OptionPath, submodule: SubmoduleNamer): string {
  const nested = (role: string, at: OptionPath = path): string => {
    const t = type.nestedTypes[role];
    return t === undefined ? "unknown" : optionTypeToTs(t, at, submodule);
  };
  if (BOOLEAN.has(type.name)) return "boolean";
  if (NUMBER.has(type.name)) return "number";
  if (STRING.has(type.name) || type.name.startsWith("strMatching ")) return "string";
  // A file: URL stands for its path (new URL("./file", import.meta.url)).
  if (type.name === "path") return "string | URL";
  if (type.name.startsWith("passwdEntry ") || type.name === "unique") return nested("elemType");
  switch (type.name) {
    case "package":
    case "shellPackage":
      return "Package";
    case "enum":
      return enumToTs(type.enumValues ?? []);
    case "listOf":
      return `readonly Def<${nested("elemType")}>[]`;
    case "attrsOf":
    case "lazyAttrsOf":
      return `{ [name: string]: Def<${nested("elemType", [...path, "<name>"])}> }`;
    case "attrs":
      return "{ [name: string]: unknown }";
    case "nullOr":
      return union([nested("elemType"), "null"]);
    case "either":
      return union([nested("left"), nested("right")]);
    case "coercedTo":
      return union([nested("finalType"), nested("coercedType")]);
    case "functionTo":
      return "((...args: never[]) => unknown)";
    case "submodule":
      return type.getSubOptions === undefined ? "{ [name: string]: unknown }" : `Submodule<${submodule(type, path)}>`;
    default:
      return "unknown";
  }
}

/** A union without repeated members; `unknown` absorbs everything. */
function union(members: readonly string[]): string {
  const parts = [...new Set(members.flatMap(splitUnion))];
  return parts.includes("unknown") ? "unknown" : parts.join(" | ");
}

/** The members of a union this module wrote (top-level ` | ` outside brackets). */
function splitUnion(t: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === "<" || c === "{" || c === "(" || c === "[") depth++;
    else if ((c === ">" && t[i - 1] !== "=") || c === "}" || c === ")" || c === "]") depth--;
    else if (depth === 0 && t.startsWith(" | ", i)) {
      out.push(t.slice(start, i));
      start = i + 3;
    }
  }
  out.push(t.slice(start));
  return out;
}

function enumToTs(values: readonly Value[]): string {
  if (values.length === 0) return "never";
  return union(values.map(literalToTs));
}

function literalToTs(v: Value): string {
  if (v === null) return "null";
  if (typeof v === "boolean" || typeof v === "bigint" || typeof v === "number") return String(v);
  if (isString(v)) return JSON.stringify(stringText(v));
  return "unknown";
}
