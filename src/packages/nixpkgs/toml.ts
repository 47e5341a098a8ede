/**
 * TOML as remarshal's json2toml writes it (tomlkit's rendering of the
 * data, keys in the order given, which builtins.toJSON sorted): a table's
 * plain keys first (`key = value`), then its sub-tables as `[a.b]`
 * sections and lists of tables as `[[a.b]]`, each section preceded by a
 * blank line unless it opens the file; a table holding only tables has no
 * header of its own; arrays of six or more values are written one value a
 * line (remarshal's multiline threshold). Strings are basic strings with
 * TOML's escapes; floats as Python prints them. Not yet byte-checked
 * against remarshal.
 */
import { EvalError } from "../../nix/errors.ts";
import { isObj, type Json } from "./render.ts";

const MULTILINE = 6;

function key(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : str(k);
}

function str(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    const esc: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r" };
    out += esc[ch] ?? (c < 0x20 || c === 0x7f ? `\\u${c.toString(16).toUpperCase().padStart(4, "0")}` : ch);
  }
  return out + '"';
}

function pyFloat(literal: string): string {
  const n = Number(literal);
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n}.0`;
  const s = String(n);
  return /e/.test(s) ? s.replace(/e([+-])(\d)$/, "e$10$2") : s;
}

function value(v: Json, inArray: boolean): string {
  if (v === null) throw new EvalError("Cannot convert data to TOML (null values are not supported)");
  if (typeof v === "boolean") return String(v);
  if (typeof v === "string") return str(v);
  if (isObj(v)) return `{${v.map(([k, x]) => `${key(k)} = ${value(x, true)}`).join(", ")}}`;
  if (Array.isArray(v)) {
    const items = v.map((x) => value(x, true));
    if (items.length >= MULTILINE && !inArray) return `[\n${items.map((i) => `    ${i},\n`).join("")}]`;
    return `[${items.join(", ")}]`;
  }
  return /[.eE]/.test(v.num) ? pyFloat(v.num) : v.num;
}

const isTableArray = (v: Json) => Array.isArray(v) && !isObj(v) && v.length > 0 && v.every((x) => isObj(x));

export function toToml(doc: Json): string {
  if (!isObj(doc)) throw new EvalError("Top-level value cannot be encoded as TOML: it must be an attribute set");
  const sections: string[] = [];
  const table = (t: [string, Json][], path: string[], header: string | undefined): void => {
    const plain = t.filter(([, x]) => !isObj(x) && !isTableArray(x));
    const subs = t.filter(([, x]) => isObj(x) || isTableArray(x));
    const superTable = plain.length === 0 && subs.length > 0 && header?.startsWith("[[") !== true;
    if (header !== undefined && !superTable) sections.push(`${header}\n${plain.map(([k, x]) => `${key(k)} = ${value(x, false)}\n`).join("")}`);
    else if (header === undefined && plain.length > 0) sections.push(plain.map(([k, x]) => `${key(k)} = ${value(x, false)}\n`).join(""));
    for (const [k, x] of subs) {
      const p = [...path, key(k)];
      if (isObj(x)) table(x, p, `[${p.join(".")}]`);
      else for (const item of x as [string, Json][][]) table(item, p, `[[${p.join(".")}]]`);
    }
  };
  table(doc, [], undefined);
  return sections.join("\n");
}
