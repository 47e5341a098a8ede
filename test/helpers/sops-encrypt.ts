/**
 * A sops 3.x encryptor for tests, so that their sops files are made at
 * test time for throw-away keys (Debian has no sops package, and no other
 * project's files are committed): sops' own steps (a random data key
 * wrapped for each age recipient with `age -a -r`, each value AES-256-GCM
 * with a 32-byte iv and its key path as additional data, typed as sops
 * types it, the MAC over the values in order encrypted with
 * lastmodified), written in each store's layout: YAML as sops writes it
 * (4-space indents, lists indented under their key, the `sops:` block
 * last), JSON, dotenv, INI and binary.
 */
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { Document } from "yaml";

export type Plain = string | number | boolean | bigint | Plain[] | Map<string, Plain>;

const LASTMODIFIED = "2026-01-02T03:04:05Z";

export function encryptValue(plain: Buffer, type: string, key: Buffer, aad: string): string {
  const iv = randomBytes(32);
  const c = createCipheriv("aes-256-gcm", key, iv, { authTagLength: 16 });
  c.setAAD(Buffer.from(aad));
  const data = Buffer.concat([c.update(plain), c.final()]);
  return `ENC[AES256_GCM,data:${data.toString("base64")},iv:${iv.toString("base64")},tag:${c.getAuthTag().toString("base64")},type:${type}]`;
}

function typed(v: Plain): [Buffer, string] {
  if (typeof v === "bigint") return [Buffer.from(v.toString()), "int"];
  if (typeof v === "number") return Number.isInteger(v) ? [Buffer.from(String(v)), "int"] : [Buffer.from(String(v)), "float"];
  if (typeof v === "boolean") return [Buffer.from(v ? "True" : "False"), "bool"];
  return [Buffer.from(String(v)), "str"];
}

/** Encrypts every leaf of `tree` in order, hashing each into the MAC; returns the encrypted tree and the MAC. */
function encryptTree(tree: Map<string, Plain>, key: Buffer, suffix = "_unencrypted"): { tree: Map<string, unknown>; mac: string } {
  const hash = createHash("sha512");
  const walk = (v: Plain, path: string[]): unknown => {
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, walk(x, [...path, k])]));
    if (Array.isArray(v)) return v.map((x) => walk(x, path));
    const [bytes, type] = typed(v);
    hash.update(bytes);
    if (path.some((p) => p.endsWith(suffix))) return v;
    return encryptValue(bytes, type, key, `${path.join(":")}:`);
  };
  const out = walk(tree, []) as Map<string, unknown>;
  return { tree: out, mac: hash.digest("hex").toUpperCase() };
}

function wrapKey(key: Buffer, recipient: string): string {
  return execFileSync("age", ["-a", "-r", recipient], { input: key }).toString("utf8");
}

function toJson(v: unknown, indent: string): string {
  const inner = `${indent}\t`;
  if (v instanceof Map) return `{\n${[...v].map(([k, x]) => `${inner}${JSON.stringify(k)}: ${toJson(x, inner)}`).join(",\n")}\n${indent}}`;
  if (Array.isArray(v)) return `[\n${v.map((x) => `${inner}${toJson(x, inner)}`).join(",\n")}\n${indent}]`;
  return typeof v === "bigint" ? v.toString() : JSON.stringify(v);
}

/** The data part of a YAML file as sops writes it: 4-space indents, lists indented under their key, long values never folded. */
function toYaml(tree: Map<string, unknown>): string {
  return new Document(tree).toString({ indent: 4, indentSeq: true, lineWidth: 0 });
}

/** sops' YAML metadata block, laid out as sops 3.x writes it. */
function yamlMetadata(stanzas: ReadonlyArray<{ recipient: string; enc: string }>, encMac: string): string {
  const age = stanzas.map(({ recipient, enc }) => `        - recipient: ${recipient}\n          enc: |\n${enc.trimEnd().split("\n").map((l) => `            ${l}`).join("\n")}\n`).join("");
  return `sops:\n    age:\n${age}    lastmodified: "${LASTMODIFIED}"\n    mac: ${encMac}\n    unencrypted_suffix: _unencrypted\n    version: 3.9.4\n`;
}

export type SopsFormat = "yaml" | "json" | "dotenv" | "ini" | "binary";

/** `tree` encrypted for each of `recipients` as sops writes a file of `format` (binary: `tree` is { data }). */
export function sopsEncrypt(tree: Map<string, Plain>, format: SopsFormat, recipients: string | readonly string[], opts: { macKey?: Buffer } = {}): string {
  const key = randomBytes(32);
  const { tree: enc, mac } = encryptTree(tree, key);
  const encMac = encryptValue(Buffer.from(mac), "str", opts.macKey ?? key, LASTMODIFIED);
  const stanzas = (typeof recipients === "string" ? [recipients] : recipients).map((recipient) => ({ recipient, enc: wrapKey(key, recipient) }));
  const meta: Array<[string, string]> = [
    ...stanzas.flatMap(({ recipient, enc: age }, i): Array<[string, string]> => [
      [`age__list_${i}__map_recipient`, recipient],
      [`age__list_${i}__map_enc`, age.replaceAll("\n", "\\n")],
    ]),
    ["lastmodified", LASTMODIFIED],
    ["mac", encMac],
    ["unencrypted_suffix", "_unencrypted"],
    ["version", "3.9.4"],
  ];
  switch (format) {
    case "yaml":
      return `${toYaml(enc)}${yamlMetadata(stanzas, encMac)}`;
    case "json":
    case "binary":
      return `${toJson(new Map<string, unknown>([...enc, ["sops", new Map<string, unknown>([["age", stanzas.map((s) => new Map([["recipient", s.recipient], ["enc", s.enc]]))], ["lastmodified", LASTMODIFIED], ["mac", encMac], ["unencrypted_suffix", "_unencrypted"], ["version", "3.9.4"]])]]), "")}\n`;
    case "dotenv":
      return [...[...enc].map(([k, v]) => `${k}=${String(v).replaceAll("\n", "\\n")}`), ...meta.map(([k, v]) => `sops_${k}=${v}`)].join("\n") + "\n";
    case "ini":
      return `${[...enc].map(([s, body]) => `[${s}]\n${[...(body as Map<string, unknown>)].map(([k, v]) => `${k} = ${String(v)}`).join("\n")}\n`).join("\n")}\n[sops]\n${meta.map(([k, v]) => `${k} = ${v}`).join("\n")}\n`;
  }
}

/** The document the sops tests share: a top-level value, a list, and a value under nested keys. */
export function exampleSecrets(): Map<string, Plain> {
  return new Map<string, Plain>([
    ["test_key", "test_value"],
    ["a_list", ["e1", "e3"]],
    ["nested", new Map([["test", new Map([["file", "another value"]])]])],
  ]);
}
