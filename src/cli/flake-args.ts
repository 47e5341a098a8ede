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
import { UserError } from "../diagnostics/user-error.ts";
import type { LockedFlakeOptions } from "../flake/locked-flake.ts";
import type { Io } from "./io.ts";

export const FLAKE_INPUT_OPTIONS = {
  "update-input": { type: "string", multiple: true },
  offline: { type: "boolean" },
  refresh: { type: "boolean" },
  "no-write-lock-file": { type: "boolean" },
  "recreate-lock-file": { type: "boolean" },
} as const;

export interface FlakeInputArgs {
  readonly "update-input"?: readonly string[];
  readonly offline?: boolean;
  readonly refresh?: boolean;
  readonly "no-write-lock-file"?: boolean;
  readonly "recreate-lock-file"?: boolean;
  /** --override-input pairs, taken out of argv before parsing. */
  readonly overrideInput?: readonly (readonly [string, string])[];
}

/** Takes `--override-input NAME URL` pairs out of argv (parseArgs takes one value per option). */
export function takeOverrides(argv: readonly string[], command: string, program = "system-manager"): { argv: string[]; overrides: [string, string][] } {
  const rest: string[] = [];
  const overrides: [string, string][] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (a !== "--override-input") {
      rest.push(a);
      continue;
    }
    const name = argv[i + 1];
    const url = argv[i + 2];
    if (name === undefined || url === undefined || name.startsWith("--") || url.startsWith("--")) {
      throw new UserError(`Cannot parse arguments of '${command}': option '--override-input' takes two arguments, NAME and URL\nRun '${program} ${command} --help' for usage.`);
    }
    overrides.push([name, url]);
    i += 2;
  }
  return { argv: rest, overrides };
}

/** The lock and fetch options of a flake load, fetching into the store under `storeRoot`. */
export async function flakeLockOptions(args: FlakeInputArgs, io: Io, storeRoot: string): Promise<LockedFlakeOptions> {
  const { parseFlakeRef } = await import("../flake/flake-ref.ts");
  const { defaultCacheDir, urlsFromEnv, TARBALL_TTL } = await import("../flake/fetch/fetch-context.ts");
  const { stderrIsTty } = await import("./commands/build.ts");
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

export const FLAKE_INPUT_HELP = `Flake inputs (as Nix): --override-input NAME URL (a/b for a nested input;
implies --no-write-lock-file), --update-input NAME, --offline (only cached
inputs), --refresh (resolve branches again), --no-write-lock-file,
--recreate-lock-file. Fetched inputs are stored in the store under --root.
`;
