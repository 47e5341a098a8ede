/**
 * What the input fetchers may touch, injected: the store root (fetched
 * trees go into ROOT/var/lib/system-manager/store, the store the build
 * writes), the cache directory (git clones, the index of fetched refs),
 * the HTTP client and the base URLs of GitHub's and GitLab's APIs and
 * archives, the clock, the progress writer, and the policy: --offline
 * (only cached data), --refresh (ignore the TTL of unlocked refs).
 */
import { join } from "node:path";

/** An HTTP GET: Node's fetch by default; tests point base URLs at a loopback server instead. `signal` aborts it (the download's timeout). */
export type HttpGet = (url: string, headers: Readonly<Record<string, string>>, signal?: AbortSignal) => Promise<Response>;

export interface BaseUrls {
  /** GitHub's REST API (https://api.github.com). */
  readonly githubApi: string;
  /** Where GitHub's archives are (https://github.com): `{base}/{owner}/{repo}/archive/{rev}.tar.gz`. */
  readonly github: string;
  /** GitLab (https://gitlab.com): the API under /api/v4. */
  readonly gitlab: string;
}

export const DEFAULT_URLS: BaseUrls = { githubApi: "https://api.github.com", github: "https://github.com", gitlab: "https://gitlab.com" };

export interface FetchContext {
  /** The activation root whose store receives fetched trees. */
  readonly storeRoot: string;
  /** Git clones and the fetch index. */
  readonly cacheDir: string;
  readonly http: HttpGet;
  readonly urls: BaseUrls;
  readonly offline: boolean;
  readonly refresh: boolean;
  /** Seconds an unlocked ref's resolution stays fresh (Nix's tarball-ttl: one hour). */
  readonly ttl: number;
  /** Seconds since the epoch. */
  readonly now: () => number;
  /** Progress lines (stderr). */
  readonly progress: (text: string) => void;
  /** Whether progress may redraw a line (stderr is a terminal). */
  readonly tty: boolean;
  /** How long a download may wait for the response, and for each chunk of its body (download.ts; 30 s by default). */
  readonly timeoutMs?: number;
}

export const TARBALL_TTL = 3600;

/** The fetch cache beside the store: ROOT/var/lib/system-manager/flake-inputs. */
export function defaultCacheDir(storeRoot: string): string {
  return join(storeRoot, "var/lib/system-manager/flake-inputs");
}

/**
 * Base URLs from the environment, for tests and mirrors:
 * SYSTEM_MANAGER_GITHUB_API (default https://api.github.com),
 * SYSTEM_MANAGER_GITHUB_URL (default https://github.com),
 * SYSTEM_MANAGER_GITLAB_URL (default https://gitlab.com).
 */
export function urlsFromEnv(env: Readonly<Record<string, string | undefined>>): BaseUrls {
  const pick = (k: string, d: string) => (env[k] !== undefined && env[k] !== "" ? (env[k] as string).replace(/\/+$/, "") : d);
  return {
    githubApi: pick("SYSTEM_MANAGER_GITHUB_API", DEFAULT_URLS.githubApi),
    github: pick("SYSTEM_MANAGER_GITHUB_URL", DEFAULT_URLS.github),
    gitlab: pick("SYSTEM_MANAGER_GITLAB_URL", DEFAULT_URLS.gitlab),
  };
}
