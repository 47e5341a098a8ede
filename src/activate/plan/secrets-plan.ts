/**
 * What a switch does with sops secrets, for the plan (and so --dry-run):
 * each secret and template of the generation's secrets manifest, by name,
 * path, owner and mode only (never a value: the plan never decrypts), when
 * its install unit (sops-install-secrets(-for-users).service) is new to
 * the host, started or restarted by this switch. The unit does the writing; the manifest's
 * /etc check has decrypted everything before the plan is made.
 */
import type { EtcEntry } from "../../build/manifest.ts";
import type { SecretsManifest } from "../../secrets/manifest.ts";
import { RENDERED } from "../../secrets/manifest.ts";
import type { RootFs } from "../root-fs.ts";
import type { ServicesPlan } from "../services/plan-services.ts";

export interface SecretStep {
  readonly kind: "secret" | "template";
  readonly name: string;
  /** Where it is written (under the secrets link), and the link made to it when its `path` is elsewhere. */
  readonly at: string;
  readonly path: string;
  readonly owner: string;
  readonly mode: string;
}

const MANIFESTS: Readonly<Record<string, string>> = {
  "system-manager/sops/manifest-for-users.json": "sops-install-secrets-for-users.service",
  "system-manager/sops/manifest.json": "sops-install-secrets.service",
};

const who = (name: string | null, id: number) => name ?? (id === 0 ? "root" : `${id}`);

/** `old`: the units of the generation active before (a unit new to the host starts with system-manager.target). */
export function planSecrets(fs: RootFs, storePath: string, etc: readonly EtcEntry[], services: { readonly plan: ServicesPlan } | { readonly unavailable: string }, old: Readonly<Record<string, unknown>>): SecretStep[] {
  if (storePath === "" || !("plan" in services)) return [];
  const run = new Set([...services.plan.start, ...services.plan.restart]);
  return etc.flatMap((e) => {
    const unit = MANIFESTS[e.target];
    if (unit === undefined || !(run.has(unit) || old[unit] === undefined)) return [];
    const text = fs.readFileIfExists(`${storePath}/${e.source}`);
    if (text === undefined) return [];
    const m = JSON.parse(text.toString("utf8")) as SecretsManifest;
    return [
      ...m.secrets.map((s) => ({ kind: "secret" as const, name: s.name, at: `${m.symlinkPath}/${s.name}`, path: s.path, owner: `${who(s.owner, s.uid)}:${who(s.group, s.gid)}`, mode: s.mode })),
      ...m.templates.map((t) => ({ kind: "template" as const, name: t.name, at: `${m.symlinkPath}/${RENDERED}/${t.name}`, path: t.path, owner: `${who(t.owner, t.uid)}:${who(t.group, t.gid)}`, mode: t.mode })),
    ];
  });
}

/** One plan line: `secret token → /run/secrets/token (app:app, 0400)`, and the link when `path` is elsewhere. */
export function describeSecret(s: SecretStep): string {
  return `${s.kind} ${s.name} → ${s.at} (${s.owner}, ${s.mode})${s.path === s.at ? "" : `, linked from ${s.path}`}`;
}
