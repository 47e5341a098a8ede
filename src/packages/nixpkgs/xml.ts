/**
 * XML as nixpkgs' formats.xml writes it: Python's
 * `xmltodict.unparse(value, full_document=withHeader, pretty=True,
 * indent="  ")` printed with a final newline. Keys starting with "@" are
 * attributes, "#text" is an element's text, a list repeats its element,
 * null is an empty element (`<a></a>`), booleans are true/false, numbers
 * as Python prints them; text is escaped as xml.sax.saxutils does.
 */
import { EvalError } from "../../nix/errors.ts";
import { isObj, type Json } from "./render.ts";

const escapeText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function quoteAttr(s: string): string {
  let v = escapeText(s).replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
  if (!v.includes('"')) return `"${v}"`;
  if (!v.includes("'")) return `'${v}'`;
  v = v.replace(/"/g, "&quot;");
  return `"${v}"`;
}

/** Python's str() of a JSON scalar. */
function pyStr(v: Json): string {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "string") return v;
  if (typeof v === "object" && !Array.isArray(v)) {
    if (!/[.eE]/.test(v.num)) return v.num;
    const n = Number(v.num);
    return Number.isInteger(n) && Math.abs(n) < 1e16 ? `${n}.0` : String(n).replace(/e([+-])(\d)$/, "e$10$2");
  }
  throw new EvalError("formats.xml: a list cannot be a text value");
}

export function toXml(value: Json, withHeader: boolean): string {
  if (!isObj(value)) throw new EvalError("formats.xml: the value must be an attribute set");
  if (withHeader && value.length !== 1) throw new EvalError("formats.xml: Document must have exactly one root.");
  let out = withHeader ? '<?xml version="1.0" encoding="utf-8"?>\n' : "";
  const emit = (key: string, v: Json, depth: number) => {
    const items = Array.isArray(v) && !isObj(v) ? v : [v];
    for (const item0 of items) {
      let item: Json = item0 === null ? Object.assign([], { obj: true as const }) : typeof item0 === "boolean" ? String(item0) : item0;
      if (!isObj(item) && typeof item !== "string") item = pyStr(item);
      const fields: [string, Json][] = typeof item === "string" ? [["#text", item]] : item;
      let text: string | undefined;
      const attrs: string[] = [];
      const children: [string, Json][] = [];
      for (const [k, x] of fields) {
        if (k === "#text") text = pyStr(x);
        else if (k.startsWith("@")) attrs.push(` ${k.slice(1)}=${quoteAttr(pyStr(x))}`);
        else children.push([k, x]);
      }
      out += "  ".repeat(depth) + `<${key}${attrs.join("")}>`;
      if (children.length > 0) out += "\n";
      for (const [k, x] of children) emit(k, x, depth + 1);
      if (text !== undefined) out += escapeText(text);
      if (children.length > 0) out += "  ".repeat(depth);
      out += `</${key}>`;
      if (depth > 0) out += "\n";
    }
  };
  for (const [k, v] of value) emit(k, v, 0);
  return out + "\n";
}
