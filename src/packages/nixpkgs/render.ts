/**
 * The text of `formats.<kind>.generate`, rendered at evaluation from
 * `builtins.toJSON value` (exactly what nixpkgs hands its tool), keeping
 * the string's context so the file refers to what the value did.
 * json: jq 1.7's `jq .` (two-space indent, number literals kept as
 * written, control characters as \uXXXX with lowercase hex, DEL escaped,
 * other characters as UTF-8, one trailing newline). yaml_1_1, yaml_1_2
 * and toml: remarshal's json2yaml and json2toml (yaml.ts, toml.ts).
 * javaProperties: nixpkgs' shell and jq program (`# comment` lines, a
 * blank line, `key = value` lines with its escapes, non-ASCII as iconv's
 * JAVA encoding writes it). xml: xml.ts.
 */
import { mkString } from "../../nix/coerce.ts";
import { EvalError } from "../../nix/errors.ts";
import { forceString } from "../../nix/builtins/primop.ts";
import { NixFunction, force, type Lazy, type Value } from "../../nix/value.ts";
import { toYaml } from "./yaml.ts";
import { toToml } from "./toml.ts";
import { toXml } from "./xml.ts";

export type Json = null | boolean | { num: string } | string | Json[] | [string, Json][] & { obj: true };

/** Parses JSON keeping number literals and key order. */
export function parseJson(text: string): Json {
  let i = 0;
  const ws = () => {
    while (/\s/.test(text[i] ?? "")) i++;
  };
  const value = (): Json => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const entries = [] as unknown as [string, Json][] & { obj: true };
      entries.obj = true;
      ws();
      if (text[i] === "}") return i++, entries;
      for (;;) {
        ws();
        const k = value() as string;
        ws();
        i++; // :
        entries.push([k, value()]);
        ws();
        if (text[i++] === "}") return entries;
      }
    }
    if (c === "[") {
      i++;
      const items: Json[] = [];
      ws();
      if (text[i] === "]") return i++, items;
      for (;;) {
        items.push(value());
        ws();
        if (text[i++] === "]") return items;
      }
    }
    if (c === '"') {
      const start = i;
      for (i++; text[i] !== '"'; i++) if (text[i] === "\\") i++;
      i++;
      return JSON.parse(text.slice(start, i)) as string;
    }
    const m = /^(true|false|null|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/.exec(text.slice(i));
    if (m === null) throw new EvalError(`cannot render JSON at offset ${i}`);
    i += (m[1] as string).length;
    return m[1] === "true" ? true : m[1] === "false" ? false : m[1] === "null" ? null : { num: m[1] as string };
  };
  return value();
}

export const isObj = (v: Json): v is [string, Json][] & { obj: true } => Array.isArray(v) && (v as { obj?: boolean }).obj === true;

function jqString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out + '"';
}

function jq(v: Json, indent: string): string {
  if (v === null || typeof v === "boolean") return String(v);
  if (typeof v === "string") return jqString(v);
  if (!Array.isArray(v)) return v.num;
  const inner = indent + "  ";
  if (isObj(v)) {
    if (v.length === 0) return "{}";
    return `{\n${v.map(([k, x]) => `${inner}${jqString(k)}: ${jq(x, inner)}`).join(",\n")}\n${indent}}`;
  }
  if (v.length === 0) return "[]";
  return `[\n${v.map((x) => inner + jq(x, inner)).join(",\n")}\n${indent}]`;
}

/** nixpkgs' jq escapes for java properties: backslash, newline (continued), #, !, tab, CR. */
function javaCommon(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n\\\n").replace(/#/g, "\\#").replace(/!/g, "\\!").replace(/\t/g, "\\t").replace(/\r/g, "\\r");
}

/** iconv --to-code JAVA (on the entries, not the comment): every code point above ASCII as \uXXXX (UTF-16 units). */
function javaAscii(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c < 0x80 ? s[i] : `\\u${c.toString(16).padStart(4, "0")}`;
  }
  return out;
}

function javaProperties(comment: string, values: [string, Json][]): string {
  // echo "$comment" | while read -r ln; do echo "# $ln"; done; echo
  const head = comment.split("\n").map((l) => `# ${l.replace(/^[ \t]+|[ \t]+$/g, "")}\n`).join("") + "\n";
  const lines = values.map(([k, v]) => {
    const key = javaCommon(k).replace(/ /g, "\\ ").replace(/=/g, "\\=");
    const value = javaCommon(typeof v === "string" ? v : String(v)).replace(/^ /, "\\ ").replace(/\n /g, "\n\\ ");
    return `${key} = ${value}\n`;
  });
  return head + javaAscii(lines.join(""));
}

export function renderText(kind: string, json: string): string {
  const v = parseJson(json);
  switch (kind) {
    case "json":
      return jq(v, "") + "\n";
    case "yaml_1_1":
      return toYaml(v, "1.1");
    case "yaml_1_2":
      return toYaml(v, "1.2");
    case "toml":
      return toToml(v);
    case "xml": {
      const o = v as [string, Json][];
      return toXml(o.find(([k]) => k === "value")?.[1] ?? null, o.find(([k]) => k === "withHeader")?.[1] !== false);
    }
    case "javaProperties": {
      const o = v as [string, Json][];
      return javaProperties((o.find(([k]) => k === "comment")?.[1] ?? "") as string, (o.find(([k]) => k === "value")?.[1] ?? []) as [string, Json][]);
    }
    default:
      throw new EvalError(`formats: cannot render '${kind}'`);
  }
}

/** The `render` function pkgs.nix's formats call: `render kind value`. */
export function renderFunction(toJSON: (v: Lazy) => Value): NixFunction {
  return new NixFunction((kindV) => new NixFunction((value) => {
    const kind = force(kindV);
    if (typeof kind !== "string") throw new EvalError("formats: the kind must be a string");
    const json = forceString(toJSON(value) as Lazy, "while rendering a formats value");
    return mkString(renderText(kind, json.text), json.context);
  }, undefined, "render"), undefined, "render");
}
