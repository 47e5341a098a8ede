/**
 * The package session of a standalone home build: `home.packages` are
 * resolved with the system-manager.lock beside the configuration (or in
 * the flake's directory), as a system build's are, and realised into the
 * user's own store. SYSTEM_MANAGER_PACKAGES=off records packages without
 * realising them (tests that must not reach an archive).
 */
import type { Io } from "./io.ts";
import type { PackageSession } from "../packages/package-session.ts";

/** `offline`: packages come from the caches only (--offline), as a system build's. */
export async function homePackageSession(io: Io, source: { config: string } | { flake: string }, storeRoot: string, offline = false): Promise<PackageSession | undefined> {
  if (io.env.SYSTEM_MANAGER_PACKAGES === "off") return undefined;
  const { PackageSession } = await import("../packages/package-session.ts");
  const { progressFor } = await import("../packages/progress.ts");
  const { lockPathOf } = await import("./commands/build.ts");
  const { stderrIsTty } = await import("./stderr-tty.ts");
  const debug = (await import("./debug.ts")).debugOf(io);
  return new PackageSession({ root: storeRoot, lockPath: await lockPathOf(source, io), progress: progressFor(io.stderr, stderrIsTty(io)), offline, ...(debug === undefined ? {} : { debug }) });
}
