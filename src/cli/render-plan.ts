/**
 * The one renderer for activation plans, read like a Terraform plan:
 * `+` create, `~` change, `-` remove (or lock), grouped by concern.
 * `switch --dry-run` and `switch` print the same text for the same plan.
 */
import type { Plan } from "../activate/plan/plan.ts";
import type { AccountChange } from "../activate/plan/users-plan.ts";
import type { EtcStep } from "../activate/plan/etc-plan.ts";
import { describeServicesPlan } from "../activate/services/plan-services.ts";
import { isEmptyPlan } from "../activate/plan/empty-plan.ts";
import { describeSecret } from "../activate/plan/secrets-plan.ts";

function account(c: AccountChange): string {
  switch (c.op) {
    case "create-group":
      return `+ group ${c.name} (gid ${c.gid})`;
    case "update-group":
      return `~ group ${c.name}: ${[...c.added.map((m) => `+${m}`), ...c.removed.map((m) => `-${m}`)].join(" ")}`;
    case "create-user":
      return `+ user ${c.name} (uid ${c.uid}, gid ${c.gid}, home ${c.home})`;
    case "update-user":
      return `~ user ${c.name}: ${c.fields.join(", ")}`;
    case "lock-user":
      return `- user ${c.name}: locked (no longer in the configuration; the account is kept)`;
    case "unlock-user":
      return `~ user ${c.name}: unlocked (back in the configuration)`;
    case "sync-gshadow":
      return `~ group ${c.name}: /etc/gshadow brought in line with /etc/group`;
  }
}

function etc(s: EtcStep): string | undefined {
  const what = (f: { kind: string; target?: string; mode?: string }) => (f.kind === "symlink" ? ` -> ${f.target}` : ` (copy, mode ${f.mode})`);
  switch (s.op) {
    case "create":
      return `+ ${s.path}${what(s.file)}${s.backup === undefined ? "" : `\n    the existing file is kept as ${s.backup}`}`;
    case "replace":
      return `~ ${s.path}${what(s.file)} (${s.why})`;
    case "remove":
      return `- ${s.path}${s.restore === undefined ? "" : ` (restoring ${s.restore})`}`;
    case "restore":
      return `~ ${s.path} (restored from ${s.backup})`;
    case "forget":
      return `- ${s.path} no longer managed: ${s.why}`;
    case "prune":
      return `- ${s.path}/ (if empty)`;
    case "refuse":
      return `! ${s.path}: ${s.why}`;
  }
}

export function renderPlan(p: Plan): string {
  const out: string[] = [];
  if (p.storePath === "") out.push("Deactivating: every file system-manager manages is removed; the users it created are locked, accounts that existed before get back what it changed.");
  else out.push(`Generation ${p.generation.number}${p.generation.registered === true ? " (registered, now activated)" : p.generation.isNew ? (p.generation.existing === true ? " (made current again)" : " (new)") : ""}: ${p.storePath}`);
  const section = (title: string, lines: readonly (string | undefined)[]) => {
    const l = lines.filter((x): x is string => x !== undefined);
    if (l.length > 0) out.push("", `${title}:`, ...l.map((x) => "  " + x));
  };
  section("Users and groups", p.users.changes.map(account));
  section("Home directories", [
    ...p.homes.map((h) => `+ ${h.path} (${h.uid}:${h.gid}, mode ${h.mode.toString(8).padStart(4, "0")})`),
    ...p.removeHomes.map((d) => `- ${d} (if still empty)`),
  ]);
  section("/etc", p.etc.steps.map(etc));
  section("Secrets (sops), decrypted by their unit", (p.secrets ?? []).map(describeSecret));
  section("Home Manager", p.homeActivations.map((h) => `~ ${h.user}: activate ${h.generation} as ${h.user}`));
  if ("plan" in p.services) section("systemd units", describeServicesPlan(p.services.plan, true));
  else if (Object.keys(p.state.units).length > 0) out.push("", `systemd units: not switched (${p.services.unavailable})`);
  if (isEmptyPlan(p)) out.push("", "No changes.");
  return out.join("\n") + "\n";
}
