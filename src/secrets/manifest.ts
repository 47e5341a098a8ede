/**
 * The secrets manifest the sops module writes into the generation
 * (/etc/system-manager/sops/manifest.json) and `system-manager
 * install-secrets` reads: sops-nix's manifest for sops-install-secrets
 * (secrets, templates, the mount point and link, keepGenerations, the age
 * identities, useTmpfs, placeholderBySecretName), plus the age program
 * and each sops file's hash (so a re-encrypted file changes the unit that
 * installs it). A sopsFile not starting with "/" is relative to the
 * manifest's directory: the copy of the file in the generation.
 */
import type { SopsFormat } from "./sops-tree.ts";

export interface ManifestSecret {
  readonly name: string;
  readonly key: string;
  readonly path: string;
  readonly owner: string | null;
  readonly uid: number;
  readonly group: string | null;
  readonly gid: number;
  readonly sopsFile: string;
  readonly sopsFileHash: string;
  readonly format: SopsFormat;
  readonly mode: string;
  readonly restartUnits: readonly string[];
  readonly reloadUnits: readonly string[];
}

export interface ManifestTemplate {
  readonly name: string;
  readonly path: string;
  readonly content: string;
  readonly owner: string | null;
  readonly uid: number;
  readonly group: string | null;
  readonly gid: number;
  readonly mode: string;
  readonly restartUnits: readonly string[];
  readonly reloadUnits: readonly string[];
}

export interface SecretsManifest {
  readonly secrets: readonly ManifestSecret[];
  readonly templates: readonly ManifestTemplate[];
  readonly placeholderBySecretName: Readonly<Record<string, string>>;
  readonly secretsMountPoint: string;
  readonly symlinkPath: string;
  readonly keepGenerations: number;
  readonly ageKeyFile: string | null;
  readonly ageSshKeyPaths: readonly string[];
  readonly useTmpfs: boolean;
  /** The age program (Debian's age, realised for the generation). */
  readonly age: string;
  /** Whether to make the age key file with age-keygen when it is missing (sops.age.generateKey), and that program. */
  readonly generateKey?: boolean;
  readonly ageKeygen?: string;
  /** Whether owners are looked up (false for /run/secrets-for-users: root only, before users exist). */
  readonly ignorePasswd: boolean;
}

/** The subdirectory of the secrets directory rendered templates go to (sops-nix's RenderedSubdir). */
export const RENDERED = "rendered";
