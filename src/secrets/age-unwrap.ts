/**
 * The data key of a sops file, unwrapped from its age stanzas with the
 * age program (Debian's age, run natively) and the host's identities:
 * sops.age.keyFile (age-keygen's format) and sops.age.sshKeyPaths (age
 * takes an ssh ed25519 or RSA private key as an identity). The identities
 * stay where they are: they are only named to age with -i, never copied.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sshEd25519ToAge } from "./ssh-to-age.ts";
import { DecryptError } from "./sops-decrypt.ts";
import type { AgeStanza } from "./sops-tree.ts";

export interface AgeIdentities {
  /** The age program. */
  readonly age: string;
  readonly keyFile: string | null;
  readonly sshKeyPaths: readonly string[];
}

/**
 * The identities, as one age identity file's text: the key file's
 * content and the age identity of each ssh ed25519 key that exists (as
 * sops-nix imports them). Held in memory and given to age on its standard
 * input: nothing secret is written.
 */
export function identityText(ids: AgeIdentities): string {
  if (ids.keyFile !== null && !existsSync(ids.keyFile)) throw new DecryptError(`the age key file ${ids.keyFile} (sops.age.keyFile) does not exist`);
  const parts = ids.keyFile === null ? [] : [readFileSync(ids.keyFile, "utf8")];
  for (const p of ids.sshKeyPaths.filter((k) => existsSync(k))) {
    const id = sshEd25519ToAge(readFileSync(p, "utf8"));
    if (id !== undefined) parts.push(`# from ${p}\n${id}\n`);
  }
  if (parts.length === 0) throw new DecryptError(`there is no age identity to decrypt it with: set sops.age.keyFile, or sops.age.sshKeyPaths to unencrypted ssh ed25519 keys that exist${ids.sshKeyPaths.length > 0 ? ` (none of ${ids.sshKeyPaths.join(", ")} is one)` : ""}`);
  return parts.map((t) => (t.endsWith("\n") ? t : `${t}\n`)).join("");
}

const shownIds = (ids: AgeIdentities) => [...(ids.keyFile === null ? [] : [ids.keyFile]), ...ids.sshKeyPaths].join(", ");

/** An unwrap function for decryptTree: tries each stanza with the identities; refuses naming the recipients when none opens. */
export function ageUnwrap(ids: AgeIdentities): (stanzas: readonly AgeStanza[]) => Buffer {
  const identities = identityText(ids);
  return (stanzas) => {
    const dir = mkdtempSync(join(tmpdir(), "system-manager-age-"));
    try {
      let said = "";
      for (const [i, s] of stanzas.entries()) {
        // The stanza is the file's own (public) text; the identities go to age on its standard input.
        const enc = join(dir, `stanza-${i}`);
        writeFileSync(enc, s.enc);
        const r = spawnSync(ids.age, ["--decrypt", "-i", "-", enc], { input: identities, maxBuffer: 1 << 20, env: { PATH: "/usr/bin:/bin", LC_ALL: "C" } });
        if (r.error !== undefined) throw new DecryptError(`${ids.age} cannot be run: ${r.error.message}`);
        if (r.status === 0 && r.stdout.length === 32) return r.stdout;
        said = r.stderr.toString("utf8").trim().split("\n")[0] ?? "";
      }
      const recipients = stanzas.map((s) => s.recipient).join(", ");
      throw new DecryptError(`no key of ${shownIds(ids)} is one of its age recipients (${recipients})${said === "" ? "" : `; age said: ${said.replace(/^age: (error: )?/, "")}`}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
