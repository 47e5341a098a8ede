/**
 * `system-manager gc`: removes the store paths no generation, profile or
 * gc root refers to (see src/packages/gc.ts). `--dry-run` lists them and
 * removes nothing. Holds the activation lock, so no switch runs meanwhile.
 */
import type { Io } from "../io.ts";
import { parseCommandArgs } from "../parse-args.ts";
import { checkRoot } from "../check-root.ts";

const HELP = `Usage: system-manager gc [--root DIR] [--dry-run]

Removes the store paths (ROOT/var/lib/system-manager/store) that no
generation, profile or gc root refers to. --dry-run lists them instead.
`;

/** gc's options (shell completion reads them too). */
export const GC_OPTIONS = {
  root: { type: "string", default: "/" },
  "dry-run": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export async function gc(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs("gc", argv, GC_OPTIONS);
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const root = checkRoot(values.root as string, io.cwd);
  const dryRun = values["dry-run"] === true;
  // Roots another user could add or remove would decide what is deleted.
  (await import("../../activate/trust-check.ts")).checkTrust(root);
  const { collectGarbage } = await import("../../packages/gc.ts");
  const { formatBytes } = await import("../../packages/progress.ts");
  const { RootFs } = await import("../../activate/root-fs.ts");
  const { acquireActivationLock } = await import("../../activate/activation-lock.ts");
  const release = dryRun ? () => undefined : acquireActivationLock(new RootFs(root));
  try {
    const r = collectGarbage(root, { dryRun });
    for (const n of r.dead) io.stdout(`${dryRun ? "would remove" : "removed"} ${n}\n`);
    const paths = `${r.dead.length} store path${r.dead.length === 1 ? "" : "s"}`;
    io.stdout(`${dryRun ? "Would remove" : "Removed"} ${paths} (${formatBytes(r.bytes)}); ${r.live.length} in use.\n`);
  } finally {
    release();
  }
  return 0;
}
