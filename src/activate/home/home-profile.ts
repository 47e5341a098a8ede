/**
 * Where a home's profile lives (~/.local/state/nix/profiles/home-manager,
 * its generations beside it), for the activation that writes it and for
 * planning, which reads it to tell whether the home is still on its
 * generation. When ~/.local (or a directory below it, or the home's own
 * path) is a link root or the home's owner made, the profile is reached
 * where it leads (owned-path.ts says which links are followed, and why
 * that is safe); otherwise through the home itself, where RootFs refuses
 * a link in a parent directory. The returned RootFs is rooted at a real
 * directory, so nothing on the way is a link any more.
 */
import { basename, dirname, join } from "node:path";
import { RootFs } from "../root-fs.ts";
import type { Profile } from "../generations.ts";
import { followOwned } from "./owned-path.ts";
import { profileGeneration } from "../observe.ts";

export const HOME_PROFILE: Profile = { dir: "/.local/state/nix/profiles", name: "home-manager" };

export interface HomeProfile {
  readonly fs: RootFs;
  readonly profile: Profile;
  /** The directory `fs` is rooted at, as shown in messages. */
  readonly shown: string;
}

/**
 * The profile of the home `home` reaches (shown as `shownHome`), whose
 * owner is among `owners`; `base` is a path to it under `top` (undefined
 * when there is none, only a descriptor: then no link is followed), and
 * `open` makes a RootFs.
 */
export function homeProfile(top: string, base: string | undefined, owners: readonly number[], home: RootFs, shownHome: string, open: (dir: string) => RootFs = (d) => new RootFs(d)): HomeProfile {
  const r = base === undefined ? undefined : followOwned(top, base, HOME_PROFILE.dir, owners);
  if (base === undefined || r === undefined || r.host === join(base, HOME_PROFILE.dir)) return { fs: home, profile: HOME_PROFILE, shown: shownHome };
  if (r.missing.length > 0) return { fs: open(r.existing), profile: { dir: "/" + r.missing.join("/"), name: HOME_PROFILE.name }, shown: r.existing };
  return { fs: open(dirname(r.host)), profile: { dir: "/" + basename(r.host), name: HOME_PROFILE.name }, shown: dirname(r.host) };
}

/**
 * The generation the profile of `user`'s home (`homeDirectory` under the
 * root of `fs`, owned by `owner`) is on, read only: undefined when the
 * link is missing, broken, or reached only through a link owned-path.ts
 * does not follow.
 */
export function homeProfileGeneration(fs: RootFs, homeDirectory: string, owner: number): string | undefined {
  const r = followOwned(fs.root, fs.root, homeDirectory + HOME_PROFILE.dir, [owner]);
  if (r === undefined) return profileGeneration(fs, { dir: homeDirectory + HOME_PROFILE.dir, name: HOME_PROFILE.name });
  if (r.missing.length > 0) return undefined;
  return profileGeneration(new RootFs(dirname(r.host)), { dir: "/" + basename(r.host), name: HOME_PROFILE.name });
}
