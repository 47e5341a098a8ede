/**
 * A sops file opened as sops 3.x opens it: the data key unwrapped from one
 * of its age stanzas (by the caller's `unwrap`: age-unwrap.ts), every
 * value decrypted with its key path as additional data (values under a
 * key with the unencrypted suffix, or outside the encrypted regex, stay as
 * written), and the MAC (SHA-512 over the values in the file's order,
 * upper-case hex, itself encrypted with `lastmodified` as additional data)
 * checked: a file whose values were changed, removed, reordered or
 * swapped is refused, as sops refuses it.
 */
import { createHash } from "node:crypto";
import { decryptValue, isEncrypted, macBytes, ValueError, type PlainValue } from "./sops-value.ts";
import type { AgeStanza, SopsMetadata, SopsNode, SopsTree } from "./sops-tree.ts";

/** The plain tree: leaves are values. */
export type PlainNode =
  | { readonly kind: "map"; readonly entries: ReadonlyArray<readonly [string, PlainNode]> }
  | { readonly kind: "list"; readonly items: readonly PlainNode[] }
  | { readonly kind: "leaf"; readonly value: PlainValue }
  | { readonly kind: "null" };

export class DecryptError extends Error {}

/** sops' MACOnlyEncryptedInitialization: hashed first when only encrypted values are in the MAC. */
const MAC_ONLY_ENCRYPTED_INIT = Buffer.from("8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69", "hex");

function shouldBeEncrypted(m: SopsMetadata, path: readonly string[]): boolean {
  let enc = true;
  if (m.unencryptedSuffix !== undefined && path.some((p) => p.endsWith(m.unencryptedSuffix as string))) enc = false;
  if (m.encryptedSuffix !== undefined) enc = path.some((p) => p.endsWith(m.encryptedSuffix as string));
  if (m.unencryptedRegex !== undefined && path.some((p) => new RegExp(m.unencryptedRegex as string).test(p))) enc = false;
  if (m.encryptedRegex !== undefined) enc = path.some((p) => new RegExp(m.encryptedRegex as string).test(p));
  return enc;
}

const shownPath = (path: readonly string[]) => (path.length === 0 ? "(top level)" : path.map((p) => `["${p}"]`).join(""));

/** The RFC 3339 form Go's time.Format(time.RFC3339) gives `lastmodified` (no fraction of a second). */
function rfc3339(s: string): string {
  return s.replace(/\.\d+(?=Z|[+-]\d\d:\d\d$)/, "");
}

/** Decrypts `tree` with the data key `unwrap` gives for its age stanzas; throws DecryptError saying what is wrong. */
export function decryptTree(tree: SopsTree, unwrap: (stanzas: readonly AgeStanza[]) => Buffer): PlainNode {
  const m = tree.metadata;
  if (m.unsupported.length > 0) throw new DecryptError(`it uses sops metadata system-manager does not read: ${m.unsupported.join(", ")}`);
  if (m.age.length === 0) throw new DecryptError("it has no age recipient: only age-encrypted sops files are read (not PGP or a cloud KMS)");
  const key = unwrap(m.age);
  const hash = createHash("sha512");
  if (m.macOnlyEncrypted) hash.update(MAC_ONLY_ENCRYPTED_INIT);
  const walk = (n: SopsNode, path: readonly string[]): PlainNode => {
    switch (n.kind) {
      case "null":
        return n;
      case "map":
        return { kind: "map", entries: n.entries.map(([k, v]) => [k, walk(v, [...path, k])] as const) };
      case "list":
        return { kind: "list", items: n.items.map((i) => walk(i, path)) };
      case "leaf": {
        const encrypted = shouldBeEncrypted(m, path);
        let value: PlainValue;
        if (!encrypted) value = typeof n.value === "string" ? { type: "str", bytes: Buffer.from(n.value, "utf8") } : n.value;
        else if (typeof n.value !== "string") throw new DecryptError(`the value at ${shownPath(path)} is not encrypted (sops encrypts every value of this file)`);
        else {
          try {
            value = decryptValue(n.value, key, `${path.join(":")}:`);
          } catch (e) {
            if (e instanceof ValueError) throw new DecryptError(`the value at ${shownPath(path)} cannot be decrypted: ${e.message}`);
            throw e;
          }
        }
        if (!m.macOnlyEncrypted || encrypted) hash.update(macBytes(value));
        return { kind: "leaf", value };
      }
    }
  };
  const root = walk(tree.root, []);
  const computed = hash.digest("hex").toUpperCase();
  if (!isEncrypted(m.mac)) throw new DecryptError("its MAC is not encrypted: it is not a file sops wrote");
  let stored: string;
  try {
    stored = decryptValue(m.mac, key, rfc3339(m.lastmodified)).bytes.toString("utf8");
  } catch {
    throw new DecryptError("its MAC does not open with the data key: the file was tampered with (or its lastmodified changed)");
  }
  if (stored !== computed) throw new DecryptError("MAC mismatch: the file's values were changed after sops encrypted it (tampered with); it is refused");
  return root;
}
