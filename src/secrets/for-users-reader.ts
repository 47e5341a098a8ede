/**
 * The secrets marked neededForUsers, read by the users' planning before
 * anything is written: a user's hashedPasswordFile under
 * /run/secrets-for-users that is not there yet (the first switch, before
 * sops-install-secrets-for-users.service ran) is decrypted in memory from
 * the generation's for-users manifest, as sops-nix installs those secrets
 * before users are created. Nothing is written; the unit installs them.
 * The decrypter (with its YAML parser) is loaded only for a generation
 * that has such secrets.
 */
import type { EtcEntry } from "../build/manifest.ts";
import type { RootFs } from "../activate/root-fs.ts";
import type { SecretsManifest } from "./manifest.ts";

const TARGET = "system-manager/sops/manifest-for-users.json";

/** A reader of a path under the for-users link: the secret's decrypted content, or undefined. Decrypts once, when first asked. */
export async function forUsersSecrets(fs: RootFs, storePath: string, etc: readonly EtcEntry[]): Promise<(path: string) => Buffer | undefined> {
  const e = etc.find((x) => x.target === TARGET);
  if (e === undefined) return () => undefined;
  const { decryptAll } = await import("./decrypt-all.ts");
  const file = `${storePath}/${e.source}`;
  // The manifest is read once; the secrets are decrypted once, when a path of theirs is first asked for.
  let manifest: SecretsManifest | null | undefined;
  let byPath: Map<string, Buffer> | undefined;
  return (path) => {
    if (manifest === undefined) {
      const text = fs.readFileIfExists(file);
      manifest = text === undefined ? null : (JSON.parse(text.toString("utf8")) as SecretsManifest);
    }
    const m = manifest;
    if (m === null) return undefined;
    if (byPath === undefined) {
      if (!m.secrets.some((s) => s.path === path || `${m.symlinkPath}/${s.name}` === path)) return undefined;
      const d = decryptAll(m, fs.hostPath(file));
      byPath = new Map(m.secrets.flatMap((s) => [[s.path, d.secrets.get(s.name) as Buffer] as const, [`${m.symlinkPath}/${s.name}`, d.secrets.get(s.name) as Buffer] as const]));
    }
    return byPath.get(path);
  };
}
