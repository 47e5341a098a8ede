/**
 * The search path of an impure evaluation from the command line, as Nix
 * builds it: `-I` entries first, then $NIX_PATH's, then the channel
 * directories that exist (`~/.nix-defexpr/channels`, and root's channels
 * under $NIX_STATE_DIR, default /nix/var/nix, the second as `nixpkgs=`).
 */
import { existsSync } from "node:fs";
import { searchPathOf, type SearchPathEntry } from "../nix/search-path.ts";
import type { Io } from "./io.ts";

/** The channel directories Nix adds to every search path, those that exist. */
export function defaultChannels(env: Io["env"], exists: (path: string) => boolean = existsSync): string[] {
  const stateDir = env.NIX_STATE_DIR ?? "/nix/var/nix";
  const rootChannels = `${stateDir}/profiles/per-user/root/channels`;
  const candidates: [string, string][] = [
    ...(env.HOME === undefined ? [] : [[`${env.HOME}/.nix-defexpr/channels`, ""] as [string, string]]),
    [`${rootChannels}/nixpkgs`, "nixpkgs="],
    [rootChannels, ""],
  ];
  return candidates.filter(([p]) => exists(p)).map(([p, prefix]) => prefix + p);
}

/** `-I`'s entries, $NIX_PATH's and the default channels. */
export function cliSearchPath(include: readonly string[] | undefined, io: Io): SearchPathEntry[] {
  return searchPathOf({ include: include ?? [], nixPath: io.env.NIX_PATH, defaults: defaultChannels(io.env) });
}
