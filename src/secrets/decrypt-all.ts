/**
 * Every secret of a manifest decrypted in memory, and its templates
 * rendered, before anything is written: each sops file is opened once
 * (its MAC checked), each problem (missing key file, no matching
 * identity, a tampered file, a missing key path) is collected with the
 * file and the secret it stops, and all are reported together.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UserError, UserErrors } from "../diagnostics/user-error.ts";
import { ageUnwrap } from "./age-unwrap.ts";
import { decryptTree, type PlainNode } from "./sops-decrypt.ts";
import { parseSopsFile } from "./sops-tree.ts";
import { secretValue } from "./secret-value.ts";
import type { SecretsManifest } from "./manifest.ts";

export interface Decrypted {
  /** Secret name → content. */
  readonly secrets: ReadonlyMap<string, Buffer>;
  /** Template name → rendered content. */
  readonly templates: ReadonlyMap<string, Buffer>;
}

/** The sops file a secret names, as a host path (relative ones are the generation's copies, beside the manifest). */
export function sopsFilePath(manifestPath: string, sopsFile: string): string {
  return sopsFile.startsWith("/") ? sopsFile : resolve(dirname(manifestPath), sopsFile);
}

export function decryptAll(m: SecretsManifest, manifestPath: string): Decrypted {
  const errors: UserError[] = [];
  const files = new Map<string, PlainNode | Error>();
  let unwrap: ReturnType<typeof ageUnwrap> | Error | undefined;
  const secrets = new Map<string, Buffer>();
  for (const s of m.secrets) {
    const file = sopsFilePath(manifestPath, s.sopsFile);
    const key = `${file}\0${s.format}`;
    if (!files.has(key)) {
      try {
        unwrap ??= ageUnwrap({ age: m.age, keyFile: m.ageKeyFile, sshKeyPaths: m.ageSshKeyPaths });
      } catch (e) {
        unwrap = e as Error;
      }
      try {
        if (unwrap instanceof Error) throw unwrap;
        files.set(key, decryptTree(parseSopsFile(readFileSync(file, "utf8"), s.format), unwrap));
      } catch (e) {
        files.set(key, e as Error);
      }
    }
    const plain = files.get(key) as PlainNode | Error;
    const where = `sops.secrets."${s.name}" (sopsFile ${file}, format ${s.format})`;
    if (plain instanceof Error) {
      errors.push(new UserError(`Cannot decrypt ${where}: ${plain.message.replace(/^ENOENT: no such file or directory, open '(.*)'$/, "$1 does not exist")}`));
      continue;
    }
    try {
      secrets.set(s.name, secretValue(plain, s.format, s.key));
    } catch (e) {
      errors.push(new UserError(`Cannot read ${where}: ${(e as Error).message}`));
    }
  }
  if (errors.length > 0) throw errors.length === 1 ? errors[0] : new UserErrors(errors);
  const templates = new Map<string, Buffer>();
  for (const t of m.templates) {
    let content = t.content;
    for (const [name, placeholder] of Object.entries(m.placeholderBySecretName)) {
      const value = secrets.get(name);
      if (value !== undefined) content = content.replaceAll(placeholder, value.toString("utf8"));
    }
    templates.set(t.name, Buffer.from(content, "utf8"));
  }
  return { secrets, templates };
}
