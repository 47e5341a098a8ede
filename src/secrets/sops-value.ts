/**
 * One sops value: `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]` as sops 3.x
 * writes it, opened with the file's data key (AES-256-GCM, the nonce as
 * long as its iv, the value's key path joined with ":" plus a final ":"
 * as additional data), and the bytes sops hashes into the file's MAC for
 * a value (its ToBytes: ints and floats printed again, booleans as
 * True/False).
 */
import { createDecipheriv } from "node:crypto";

/** A leaf of a sops tree after decryption: its text and the type sops recorded (or the YAML/JSON type of an unencrypted value). */
export interface PlainValue {
  readonly type: "str" | "int" | "float" | "bool" | "bytes" | "comment" | "time";
  readonly bytes: Buffer;
}

const ENC = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]/;

export const isEncrypted = (s: string): boolean => ENC.test(s);

/** Why a value could not be opened (the caller names the file and key path). */
export class ValueError extends Error {}

/** Opens `text` (an ENC[…] string) with `key`; `aad` is the key path as sops joins it. An empty string stays empty, as sops leaves it. */
export function decryptValue(text: string, key: Buffer, aad: string): PlainValue {
  if (text === "") return { type: "str", bytes: Buffer.alloc(0) };
  const m = ENC.exec(text);
  if (m === null) throw new ValueError("it is not a value sops encrypted (ENC[AES256_GCM,…])");
  const [data, iv, tag] = [m[1], m[2], m[3]].map((b) => Buffer.from(b as string, "base64"));
  const type = m[4] as string;
  if (!["str", "int", "float", "bool", "bytes", "comment", "time"].includes(type)) throw new ValueError(`its type '${type}' is not one sops writes`);
  let bytes: Buffer;
  try {
    const d = createDecipheriv("aes-256-gcm", key, iv as Buffer, { authTagLength: 16 });
    d.setAAD(Buffer.from(aad, "utf8"));
    d.setAuthTag(tag as Buffer);
    bytes = Buffer.concat([d.update(data as Buffer), d.final()]);
  } catch {
    throw new ValueError("it does not open with the file's data key (the value or its key path was changed)");
  }
  return { type: type as PlainValue["type"], bytes };
}

/** Go's strconv.FormatFloat(v, 'f', -1, 64): the shortest digits that read back, never an exponent. */
export function goFloat(v: number): string {
  const s = String(v);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (m === null) return s;
  const [, sign, first, rest = "", e] = m;
  const digits = `${first}${rest}`;
  const exp = Number(e);
  if (exp >= 0) return `${sign}${digits.padEnd(exp + 1, "0")}`;
  return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
}

/** The bytes sops' MAC takes for a value (sops.ToBytes of the value as it decoded it). */
export function macBytes(v: PlainValue): Buffer {
  const text = v.bytes.toString("utf8");
  switch (v.type) {
    case "int":
      return Buffer.from(BigInt(text.trim()).toString());
    case "float":
      return Buffer.from(goFloat(Number(text)));
    case "bool":
      return Buffer.from(/^(1|t|true)$/i.test(text) ? "True" : "False");
    default:
      return v.bytes;
  }
}

/** The value as text for a secret file or a whole-file output (booleans as Go prints them). */
export function valueText(v: PlainValue): string {
  if (v.type === "bool") return /^(1|t|true)$/i.test(v.bytes.toString("utf8")) ? "true" : "false";
  if (v.type === "int") return BigInt(v.bytes.toString("utf8").trim()).toString();
  if (v.type === "float") return goFloat(Number(v.bytes.toString("utf8")));
  return v.bytes.toString("utf8");
}
