/**
 * The flake-input options every command that loads a flake takes, as
 * Nix's: --override-input NAME URL (repeatable; `a/b` for a nested input;
 * implies --no-write-lock-file), --update-input NAME (repeatable),
 * --offline, --refresh, --no-write-lock-file, --recreate-lock-file.
 * Fetched trees go into the store under the command's root; the base
 * URLs of GitHub and GitLab come from SYSTEM_MANAGER_GITHUB_API,
 * SYSTEM_MANAGER_GITHUB_URL and SYSTEM_MANAGER_GITLAB_URL (tests point
 * them at a loopback server; see src/flake/fetch/fetch-context.ts).
 */
import type { FlakeInputArgs } from "./flake-input-args.ts";
import type { LockedFlakeOptions } from "../flake/locked-flake.ts";
import type { Io } from "./io.ts";

export { FLAKE_INPUT_HELP, FLAKE_INPUT_OPTIONS, takeOverrides, type FlakeInputArgs } from "./flake-input-args.ts";

/** The lock and fetch options of a flake load, fetching into the store under `storeRoot`. */
export async function flakeLockOptions(args: FlakeInputArgs, io: Io, storeRoot: string): Promise<LockedFlakeOptions> {
  const { parseFlakeRef } = await import("../flake/flake-ref.ts");
  const { defaultCacheDir, urlsFromEnv, TARBALL_TTL } = await import("../flake/fetch/fetch-context.ts");
  const { stderrIsTty } = await import("./stderr-tty.ts");
  const overrides = new Map<string, ReturnType<typeof parseFlakeRef>>();
  for (const [name, url] of args.overrideInput ?? []) overrides.set(name.split("/").filter((p) => p !== "").join("/"), parseFlakeRef(url));
  return {
    fetch: {
      storeRoot,
      cacheDir: defaultCacheDir(storeRoot),
      http: (url, headers, signal) => fetch(url, { headers: { "User-Agent": "system-manager", ...headers }, ...(signal !== undefined ? { signal } : {}) }),
      urls: urlsFromEnv(io.env),
      offline: args.offline === true,
      refresh: args.refresh === true,
      ttl: TARBALL_TTL,
      now: () => Math.floor(Date.now() / 1000),
      progress: io.stderr,
      tty: stderrIsTty(io),
    },
    overrides,
    updates: new Set((args["update-input"] ?? []).map((n) => n.split("/").filter((p) => p !== "").join("/"))),
    recreate: args["recreate-lock-file"] === true,
    writeLockFile: args["no-write-lock-file"] !== true,
    warn: (w) => io.stderr(`warning: ${w}\n`),
  };
}
