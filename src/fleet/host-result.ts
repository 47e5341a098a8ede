/**
 * What happened to each host of a deployment, and the table that says so
 * at its end: host, generation, what was copied, the result.
 */
import { sizeText } from "../remote/push-closure.ts";
import { targetName } from "../remote/target.ts";
import type { FleetHost } from "./fleet-host.ts";
import type { Copied } from "./fleet-transport.ts";

export type Outcome =
  | { readonly kind: "switched"; readonly note?: string }
  | { readonly kind: "unchanged" }
  | { readonly kind: "rolled-back"; readonly reason: string }
  | { readonly kind: "failed"; readonly reason: string }
  | { readonly kind: "copy-failed"; readonly reason: string }
  | { readonly kind: "not-attempted"; readonly reason: string }
  | { readonly kind: "planned"; readonly stage: string };

export interface HostResult {
  readonly host: FleetHost;
  readonly storePath: string;
  readonly copied?: Copied;
  readonly outcome: Outcome;
}

/** Whether the host ended as the deployment wanted (a dry run's plan is not a failure). */
export const succeeded = (r: HostResult) => r.outcome.kind === "switched" || r.outcome.kind === "unchanged" || r.outcome.kind === "planned";

export function outcomeText(o: Outcome): string {
  switch (o.kind) {
    case "switched":
      return o.note === undefined ? "switched" : `switched (${o.note})`;
    case "unchanged":
      return "unchanged (already current)";
    case "rolled-back":
      return `rolled back: ${o.reason}`;
    case "failed":
      return `failed: ${o.reason}`;
    case "copy-failed":
      return `failed to copy: ${o.reason}`;
    case "not-attempted":
      return `not attempted: ${o.reason}`;
    case "planned":
      return `would switch (${o.stage})`;
  }
}

/** The generation as a short name: its hash's first 8 characters and its name. */
function shortPath(p: string): string {
  const base = p.slice(p.lastIndexOf("/") + 1);
  const m = /^([0-9a-z]{32})-(.*)$/.exec(base);
  return m === null ? base : `${(m[1] as string).slice(0, 8)}…-${m[2] as string}`;
}

export function resultsTable(results: readonly HostResult[]): string {
  const rows = results.map((r) => [
    `${r.host.name} (${targetName(r.host.target)})`,
    shortPath(r.storePath),
    r.copied === undefined ? "-" : `${r.copied.paths} path${r.copied.paths === 1 ? "" : "s"}, ${sizeText(r.copied.bytes)}`,
    outcomeText(r.outcome).replace(/\s*\n\s*/g, " "),
  ]);
  const head = ["HOST", "GENERATION", "COPIED", "RESULT"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number))).join("  ").trimEnd();
  return [line(head), ...rows.map(line)].map((l) => `${l}\n`).join("");
}
