/**
 * The secrets marked neededForUsers, read by the users' planning before
 * anything is written: a user's hashedPasswordFile under
 * /run/secrets-for-users that is not there yet (the first switch, before
 * sops-install-secrets-for-users.service ran) is decrypted in memory from
 * the generation's for-users manifest, as sops-nix installs those secrets
 * before users are created. Nothing is written; the unit installs them.
 */
import type { EtcEntry } from "../build/manifest.ts";
import type { RootFs } from "../activate/root-fs.ts";
import { decryptAll } from "./decrypt-all.ts";
import type { SecretsManifest } from "./manifest.ts";

const TARGET = "system-manager/sops/manifest-for-users.json";

/** A reader of a path under the for-users link: the secret's decrypted content, or undefined. Decrypts once, when first asked. */
export function forUsersSecrets(fs: RootFs, storePath: string, etc: readonly EtcEntry[]): (path: string) => Buffer | undefined {
  const e = etc.find((x) => x.target === TARGET);
  if (e === undefined) return () => undefined;
  let byPath: Map<string, Buffer> | undefined;
  return (path) => {
    if (byPath === undefined) {
      const file = `${storePath}/${e.source}`;
      const text = fs.readFileIfExists(file);
      if (text === undefined) return undefined;
      const m = JSON.parse(text.toString("utf8")) as SecretsManifest;
      if (!m.secrets.some((s) => s.path === path || `${m.symlinkPath}/${s.name}` === path)) return undefined;
      const d = decryptAll(m, fs.hostPath(file));
      byPath = new Map(m.secrets.flatMap((s) => [[s.path, d.secrets.get(s.name) as Buffer] as const, [`${m.symlinkPath}/${s.name}`, d.secrets.get(s.name) as Buffer] as const]));
    }
    return byPath.get(path);
  };
}
