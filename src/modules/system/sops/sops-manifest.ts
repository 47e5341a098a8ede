/**
 * The secrets manifest of a configuration (src/secrets/manifest.ts: the
 * fields of sops-nix's manifest-for.nix, plus the age programs), as the
 * JSON text put in /etc, and the generation's copies of the sops files it
 * names: with validateSopsFiles (the default) each file is copied into the
 * generation, encrypted, under /etc/system-manager/sops/files/ by content
 * hash, and the manifest names it relative to itself; without, sopsFile is
 * the host's own path, read at activation.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { SecretsManifest } from "../../../secrets/manifest.ts";
import type { Secret } from "./secret-options.ts";
import type { Template } from "./template-options.ts";

export interface SopsCfg {
  secrets: Record<string, Secret>;
  templates: Record<string, Template>;
  placeholder: Record<string, string>;
  defaultSopsFile: unknown;
  defaultSopsFormat: string;
  defaultSopsKey: string | null;
  validateSopsFiles: boolean;
  keepGenerations: number;
  useTmpfs: boolean;
  age: { keyFile: string | null; sshKeyPaths: unknown[]; generateKey: boolean; plugins: unknown[] };
  gnupg: { home: string | null; sshKeyPaths: unknown[] };
}

export interface ManifestPlace {
  age: string;
  ageKeygen: string;
  mountPoint: string;
  link: string;
  ignorePasswd: boolean;
}

const pathText = (p: unknown) => (typeof p === "object" && p !== null && "path" in p ? String((p as { path: string }).path) : String(p));

/** A copied sops file's name under /etc/system-manager/sops/ (by content hash, so a re-encrypted file is a new one). */
const copyName = (s: Secret) => `files/${s.sopsFileHash.slice(0, 32)}-${basename(pathText(s.sopsFile))}`;

export function sopsFileCopies(cfg: SopsCfg): Record<string, { source: unknown }> {
  if (!cfg.validateSopsFiles) return {};
  return Object.fromEntries(Object.values(cfg.secrets).map((s) => [`system-manager/sops/${copyName(s)}`, { source: s.sopsFile }]));
}

export function secretsManifest(cfg: SopsCfg, secrets: readonly Secret[], templates: readonly Template[], place: ManifestPlace): string {
  const m: SecretsManifest & { generateKey: boolean; ageKeygen: string } = {
    secrets: secrets.map((s) => ({
      name: s.name,
      key: s.key,
      path: s.path,
      owner: s.owner,
      uid: s.uid ?? 0,
      group: s.group,
      gid: s.gid ?? 0,
      sopsFile: cfg.validateSopsFiles ? copyName(s) : pathText(s.sopsFile),
      sopsFileHash: s.sopsFileHash,
      format: s.format,
      mode: s.mode,
      restartUnits: s.restartUnits,
      reloadUnits: s.reloadUnits,
    })),
    templates: templates.map((t) => ({
      name: t.name,
      path: t.path,
      content: t.file === null || t.file === undefined ? t.content : readFileSync(pathText(t.file), "utf8"),
      owner: t.owner,
      uid: t.uid ?? 0,
      group: t.group,
      gid: t.gid ?? 0,
      mode: t.mode,
      restartUnits: t.restartUnits,
      reloadUnits: t.reloadUnits,
    })),
    placeholderBySecretName: Object.fromEntries(secrets.map((s) => [s.name, cfg.placeholder[s.name] ?? ""]).filter(([, p]) => p !== "")),
    secretsMountPoint: place.mountPoint,
    symlinkPath: place.link,
    keepGenerations: cfg.keepGenerations,
    ageKeyFile: cfg.age.keyFile,
    ageSshKeyPaths: cfg.age.sshKeyPaths.map(pathText),
    useTmpfs: cfg.useTmpfs,
    age: place.age,
    ignorePasswd: place.ignorePasswd,
    generateKey: cfg.age.generateKey,
    ageKeygen: place.ageKeygen,
  };
  return `${JSON.stringify(m, null, 2)}\n`;
}
