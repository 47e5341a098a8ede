/**
 * A sops file read as sops' stores read it, in its own order (the MAC
 * depends on it): YAML and JSON (a document whose top-level `sops` key is
 * the metadata; JSON is read by the same YAML 1.2 parser, which keeps key
 * order where a JS object would not), dotenv (KEY=VALUE lines, `\n`
 * escapes, `#` comments; metadata in sops_* keys flattened as
 * sops_age__list_0__map_enc) and INI (sections; metadata in a [sops]
 * section, flattened the same way). Binary files are JSON with one `data`
 * value. Comments are dropped: sops hashes none of them, and secrets are
 * values.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from "yaml";
import type { PlainValue } from "./sops-value.ts";

export type SopsFormat = "yaml" | "json" | "binary" | "dotenv" | "ini";

/** A leaf is the file's string (perhaps ENC[…]) or, for an unencrypted YAML/JSON scalar, its typed value. */
export type SopsNode =
  | { readonly kind: "map"; readonly entries: ReadonlyArray<readonly [string, SopsNode]> }
  | { readonly kind: "list"; readonly items: readonly SopsNode[] }
  | { readonly kind: "leaf"; readonly value: string | PlainValue }
  | { readonly kind: "null" };

export interface AgeStanza {
  readonly recipient: string;
  readonly enc: string;
}

export interface SopsMetadata {
  readonly mac: string;
  readonly lastmodified: string;
  readonly age: readonly AgeStanza[];
  readonly unencryptedSuffix?: string;
  readonly encryptedSuffix?: string;
  readonly unencryptedRegex?: string;
  readonly encryptedRegex?: string;
  readonly macOnlyEncrypted: boolean;
  /** Metadata this reader does not act on (key groups with Shamir's sharing, comment regexes), by name. */
  readonly unsupported: readonly string[];
}

export interface SopsTree {
  readonly root: SopsNode & { kind: "map" };
  readonly metadata: SopsMetadata;
}

export class FormatError extends Error {}

const typed = (type: PlainValue["type"], text: string): PlainValue => ({ type, bytes: Buffer.from(text, "utf8") });

function fromYaml(n: YamlNode | null | undefined): SopsNode {
  if (n === null || n === undefined) return { kind: "null" };
  if (isMap(n)) {
    return {
      kind: "map",
      entries: n.items.map((p) => {
        const k = isScalar(p.key) ? String(p.key.value) : String(p.key);
        return [k, fromYaml(p.value as YamlNode | null)] as const;
      }),
    };
  }
  if (isSeq(n)) return { kind: "list", items: n.items.map((i) => fromYaml(i as YamlNode)) };
  if (isScalar(n)) {
    const v = n.value;
    if (v === null || v === undefined) return { kind: "null" };
    if (typeof v === "string") return { kind: "leaf", value: v };
    if (typeof v === "bigint") return { kind: "leaf", value: typed("int", v.toString()) };
    if (typeof v === "number") return { kind: "leaf", value: typed("float", String(v)) };
    if (typeof v === "boolean") return { kind: "leaf", value: typed("bool", String(v)) };
    return { kind: "leaf", value: String(v) };
  }
  throw new FormatError("it has a YAML node sops does not write (an alias or a tag)");
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function metadataOf(m: Record<string, unknown>): SopsMetadata {
  const ageList = Array.isArray(m["age"]) ? (m["age"] as Array<Record<string, unknown>>) : [];
  const mac = str(m["mac"]);
  const lastmodified = str(m["lastmodified"]);
  if (mac === undefined || lastmodified === undefined) throw new FormatError("its sops metadata has no mac or no lastmodified: it is not a file sops encrypted");
  const unsupported = ["key_groups", "shamir_threshold", "encrypted_comment_regex", "unencrypted_comment_regex"].filter((k) => m[k] !== undefined && m[k] !== null && m[k] !== "" && m[k] !== 0);
  const opt = (k: string) => {
    const v = str(m[k]);
    return v === undefined || v === "" ? {} : { [k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())]: v };
  };
  return {
    mac,
    lastmodified,
    age: ageList.flatMap((a) => (typeof a["enc"] === "string" ? [{ recipient: String(a["recipient"] ?? ""), enc: a["enc"] }] : [])),
    ...opt("unencrypted_suffix"),
    ...opt("encrypted_suffix"),
    ...opt("unencrypted_regex"),
    ...opt("encrypted_regex"),
    macOnlyEncrypted: m["mac_only_encrypted"] === true || m["mac_only_encrypted"] === "true",
    unsupported,
  };
}

/** sops' flattened metadata keys (age__list_0__map_enc) back into a structure. */
function unflatten(flat: ReadonlyArray<readonly [string, string]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of flat) {
    const m = /^(\w+?)__list_(\d+)__map_(\w+)$/.exec(k);
    if (m === null) {
      out[k] = v;
      continue;
    }
    const list = (out[m[1] as string] ??= []) as Array<Record<string, unknown>>;
    (list[Number(m[2])] ??= {})[m[3] as string] = v;
  }
  return out;
}

function fromDocument(text: string): SopsTree {
  const doc = parseDocument(text, { intAsBigInt: true, uniqueKeys: false });
  if (doc.errors.length > 0) throw new FormatError(`it does not parse: ${doc.errors[0]?.message.split("\n")[0]}`);
  const root = fromYaml(doc.contents as YamlNode | null);
  if (root.kind !== "map") throw new FormatError("its top level is not a mapping");
  const meta = root.entries.find(([k]) => k === "sops");
  if (meta === undefined) throw new FormatError("it has no sops metadata (a top-level `sops` key): it is not a file sops encrypted");
  const plain = (doc.toJS({ mapAsMap: false }) as Record<string, unknown>)["sops"];
  return { root: { kind: "map", entries: root.entries.filter(([k]) => k !== "sops") }, metadata: metadataOf((plain ?? {}) as Record<string, unknown>) };
}

function lines(text: string): string[] {
  return text.split("\n").filter((l) => l.length > 0);
}

function fromDotenv(text: string): SopsTree {
  const entries: Array<[string, SopsNode]> = [];
  const meta: Array<[string, string]> = [];
  for (const line of lines(text)) {
    if (line.startsWith("#")) continue;
    const pos = line.indexOf("=");
    if (pos === -1) throw new FormatError(`it has a line that is not KEY=VALUE: ${line.slice(0, 40)}`);
    const key = line.slice(0, pos);
    const value = line.slice(pos + 1).replaceAll("\\n", "\n");
    if (key.startsWith("sops_")) meta.push([key.slice(5), value]);
    else entries.push([key, { kind: "leaf", value }]);
  }
  if (meta.length === 0) throw new FormatError("it has no sops_* metadata: it is not a file sops encrypted");
  return { root: { kind: "map", entries }, metadata: metadataOf(unflatten(meta)) };
}

function fromIni(text: string): SopsTree {
  const sections: Array<[string, Array<[string, SopsNode]>]> = [];
  const meta: Array<[string, string]> = [];
  let current: Array<[string, SopsNode]> | undefined;
  let inSops = false;
  for (const raw of lines(text)) {
    const line = raw.trim();
    if (line === "" || line.startsWith(";") || line.startsWith("#")) continue;
    const section = /^\[(.*)\]$/.exec(line);
    if (section !== null) {
      inSops = section[1] === "sops";
      current = inSops ? undefined : [];
      if (current !== undefined) sections.push([section[1] as string, current]);
      continue;
    }
    const pos = line.indexOf("=");
    if (pos === -1) throw new FormatError(`it has a line that is neither a section nor key = value: ${line.slice(0, 40)}`);
    const key = line.slice(0, pos).trim();
    const value = line.slice(pos + 1).trim();
    if (inSops) meta.push([key, value.replaceAll("\\n", "\n")]);
    else if (current !== undefined) current.push([key, { kind: "leaf", value }]);
    else throw new FormatError("it has a key before its first section");
  }
  if (meta.length === 0) throw new FormatError("it has no [sops] section: it is not a file sops encrypted");
  return { root: { kind: "map", entries: sections.map(([s, e]) => [s, { kind: "map", entries: e }] as const) }, metadata: metadataOf(unflatten(meta)) };
}

/** Reads `text` as a sops file of `format`; a FormatError says why it is not one. */
export function parseSopsFile(text: string, format: SopsFormat): SopsTree {
  switch (format) {
    case "yaml":
    case "json":
    case "binary":
      return fromDocument(text);
    case "dotenv":
      return fromDotenv(text);
    case "ini":
      return fromIni(text);
  }
}
