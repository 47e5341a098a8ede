/**
 * Where the CLI keeps what it caches for the user running it (parse cache,
 * compiled TypeScript configurations): $XDG_CACHE_HOME/system-manager,
 * else ~/.cache/system-manager, else a directory under the system's
 * temporary directory.
 */
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import type { Io } from "./io.ts";

export function cacheDir(io: Io): string {
  const xdg = io.env.XDG_CACHE_HOME;
  if (xdg !== undefined && xdg.startsWith("/")) return join(xdg, "system-manager");
  const home = io.env.HOME ?? homedir();
  return home ? join(home, ".cache", "system-manager") : join(tmpdir(), "system-manager-cache");
}
