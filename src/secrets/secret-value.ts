/**
 * What a secret's file holds, as sops-install-secrets gives it: for yaml
 * and json, the value at `key` (a "/"-separated path through mappings,
 * which must be a string), or with key "" the whole file decrypted
 * without its sops metadata; for binary, the decrypted data; for dotenv
 * and ini, the whole file decrypted (KEY=VALUE lines, newlines escaped;
 * sections of key = value lines).
 */
import { Document } from "yaml";
import type { PlainNode } from "./sops-decrypt.ts";
import { valueText } from "./sops-value.ts";
import type { SopsFormat } from "./sops-tree.ts";

export class KeyError extends Error {}

function toJs(n: PlainNode): unknown {
  switch (n.kind) {
    case "null":
      return null;
    case "map":
      return new Map(n.entries.map(([k, v]) => [k, toJs(v)]));
    case "list":
      return n.items.map(toJs);
    case "leaf": {
      const v = n.value;
      if (v.type === "int") return BigInt(valueText(v));
      if (v.type === "float") return Number(valueText(v));
      if (v.type === "bool") return valueText(v) === "true";
      return v.bytes.toString("utf8");
    }
  }
}

function jsonText(n: PlainNode, indent: string): string {
  const inner = `${indent}\t`;
  switch (n.kind) {
    case "null":
      return "null";
    case "map":
      return n.entries.length === 0 ? "{}" : `{\n${n.entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${jsonText(v, inner)}`).join(",\n")}\n${indent}}`;
    case "list":
      return n.items.length === 0 ? "[]" : `[\n${n.items.map((v) => `${inner}${jsonText(v, inner)}`).join(",\n")}\n${indent}]`;
    case "leaf":
      return n.value.type === "str" || n.value.type === "bytes" || n.value.type === "time" || n.value.type === "comment" ? JSON.stringify(n.value.bytes.toString("utf8")) : valueText(n.value);
  }
}

function yamlText(n: PlainNode): string {
  const doc = new Document(toJs(n));
  return doc.toString({ indent: 4, lineWidth: 0 });
}

const entriesOf = (n: PlainNode) => (n.kind === "map" ? n.entries : []);
const leafText = (n: PlainNode) => (n.kind === "leaf" ? valueText(n.value) : "");

function dotenvText(n: PlainNode): string {
  return entriesOf(n).map(([k, v]) => `${k}=${leafText(v).replaceAll("\n", "\\n")}\n`).join("");
}

function iniText(n: PlainNode): string {
  return entriesOf(n).map(([s, body]) => `[${s}]\n${entriesOf(body).map(([k, v]) => `${k} = ${leafText(v)}\n`).join("")}`).join("\n");
}

/** The value at `key` ("a/b/c"), which must be a string, worded as sops-install-secrets words its refusals. */
function lookup(root: PlainNode, key: string): Buffer {
  let node: PlainNode = root;
  const parts = key.split("/");
  for (let i = 0; i < parts.length; i++) {
    const sofar = parts.slice(0, i + 1).join("/");
    if (node.kind !== "map") throw new KeyError(`key '${parts.slice(0, i).join("/")}' does not refer to a dictionary`);
    const next = node.entries.find(([k]) => k === parts[i]);
    if (next === undefined) throw new KeyError(`the key '${sofar}' cannot be found`);
    node = next[1];
  }
  if (node.kind !== "leaf" || node.value.type !== "str") throw new KeyError(`the value of key '${key}' is not a string`);
  return node.value.bytes;
}

export function secretValue(root: PlainNode, format: SopsFormat, key: string): Buffer {
  switch (format) {
    case "binary": {
      const data = entriesOf(root).find(([k]) => k === "data");
      if (data === undefined || data[1].kind !== "leaf") throw new KeyError("the binary file has no data value");
      return data[1].value.bytes;
    }
    case "dotenv":
      return Buffer.from(dotenvText(root));
    case "ini":
      return Buffer.from(iniText(root));
    case "yaml":
      return key === "" ? Buffer.from(yamlText(root)) : lookup(root, key);
    case "json":
      return key === "" ? Buffer.from(`${jsonText(root, "")}\n`) : lookup(root, key);
  }
}

