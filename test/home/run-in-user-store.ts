/**
 * Runs a program of a user's store (~/.local/state/system-manager/home)
 * where that store is seen at the store directory, as its paths (ELF
 * interpreters, RUNPATHs, wrappers, links) name it: in a private mount
 * namespace (util-linux unshare, with a user namespace when not root), the
 * user's store bind-mounted on /var/lib/system-manager/store (a tmpfs over
 * its deepest existing ancestor gives the mount point when it is absent).
 * Nothing outside the namespace sees it. Returns stdout; a failure throws
 * with the output.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { STORE_DIR } from "../../src/store/store-path.ts";

const SCRIPT = `set -e
src="$1" dir="$2"; shift 2
d="$dir"; while [ ! -d "$d" ]; do d=$(dirname "$d"); done
if [ "$d" != "$dir" ]; then mount -t tmpfs -o mode=0755 tmpfs "$d"; mkdir -p "$dir"; fi
mount --bind "$src" "$dir"
exec "$@"
`;

const userns = () => (process.getuid?.() === 0 ? [] : ["--user", "--map-root-user"]);

/** Why a private mount namespace cannot be made here, or undefined. */
export function namespaceUnavailable(): string | undefined {
  const r = spawnSync("unshare", [...userns(), "--mount", "--propagation", "private", "--", "/bin/sh", "-c", "mount -t tmpfs tmpfs /mnt"], { encoding: "utf8" });
  return r.status === 0 ? undefined : `cannot make a private mount namespace (unshare --mount): ${(r.stderr || r.error?.message || "").trim()}`;
}

export function runInUserStore(storeRoot: string, program: string, args: readonly string[]): string {
  const r = spawnSync("unshare", [...userns(), "--mount", "--propagation", "private", "--", "/bin/sh", "-c", SCRIPT, "sh", join(storeRoot, STORE_DIR), STORE_DIR, program, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${program} ${args.join(" ")} exited ${r.status ?? r.signal}: ${r.stdout}${r.stderr}${r.error?.message ?? ""}`);
  return r.stdout;
}
