/**
 * `system-manager update [NAME…]`: re-resolves the packages pinned in
 * system-manager.lock (all of them, or the NAMEs) against freshly fetched
 * package lists, writes the lock and prints what changed. Nothing is
 * built or activated: the next build or switch uses the new pins.
 */
import { existsSync } from "node:fs";
import { UserError } from "../../diagnostics/user-error.ts";
import type { Io } from "../io.ts";
import { parseCommandArgs } from "../parse-args.ts";
import { hostSystem } from "../host.ts";
import { lockPathOf } from "./build.ts";
import { stderrIsTty } from "../stderr-tty.ts";
import { checkRoot } from "../check-root.ts";

const HELP = `Usage: system-manager update (--config FILE | --flake DIR) [--root DIR] [--provider auto|debian|nix] [--release CODENAME NAME…] [NAME…]

Re-resolves the packages pinned in system-manager.lock (beside the
configuration) against the archive's current package lists: all of them,
or only the NAMEs given (pkgs attribute names). Writes the lock and prints
what changed; the next build or switch uses the new versions. Without
NAMEs, the archive itself is pinned anew (the host's release).

--release CODENAME takes the NAMEs from that Debian release (the host's,
or a newer one system-manager knows: trixie on bookworm), with their
dependencies, and keeps them there on later updates; a NAME not yet in
the lock is added.
`;

/** update's options (shell completion reads them too). */
export const UPDATE_OPTIONS = {
  config: { type: "string" },
  flake: { type: "string" },
  root: { type: "string", default: "/" },
  provider: { type: "string", default: "auto" },
  release: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export async function update(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs("update", argv, UPDATE_OPTIONS, Number.MAX_SAFE_INTEGER);
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const provider = values.provider as string;
  if (provider !== "auto" && provider !== "debian" && provider !== "nix") throw new UserError(`Cannot use --provider '${provider}': expected auto, debian or nix`);
  if ((values.config === undefined) === (values.flake === undefined)) throw new UserError("Supply the configuration whose lock to update: --config FILE or --flake DIR");
  const lockPath = await lockPathOf(values, io);
  if (!existsSync(lockPath)) throw new UserError(`Cannot update: there is no ${lockPath} yet; build or switch creates it`);
  const root = checkRoot(values.root as string, io.cwd);
  const { PackageSession } = await import("../../packages/package-session.ts");
  const { progressFor } = await import("../../packages/progress.ts");
  const session = new PackageSession({
    root,
    lockPath,
    provider,
    progress: progressFor(io.stderr, stderrIsTty(io)),
    debian: { refreshLists: true, repin: positionals.length === 0 },
  });
  const changes = session.refresh(positionals, hostSystem(), { release: values.release as string | undefined });
  session.saveLock();
  if (changes.length === 0) io.stdout("All packages are up to date.\n");
  for (const c of changes) io.stdout(`${c.attr}: ${c.before ?? "(new)"} → ${c.after}\n`);
  return 0;
}
