/**
 * Registering a generation without activating it (`system-manager
 * register`, as upstream's `nix-env --profile … --set`): the generation
 * gets its numbered link, as a switch would number it, and becomes the
 * profile's current one; nothing else is written (no /etc, user, unit or
 * state change). "Current" (the profile link: what `generations` marks,
 * what rollback steps back from, what a later `switch --generation N`
 * or `pre-populate` picks) and "active" (what the state file says was
 * last activated on the host) may then differ: `generations` says which
 * is which, and an activation records the active one, not the merely
 * registered one, as the generation to return to after an interruption.
 * A root whose last activation was interrupted is refused: rollback or
 * switch decides how it ends, and moving the link would hide it.
 */
import { UserError } from "../diagnostics/user-error.ts";
import { acquireActivationLock } from "./activation-lock.ts";
import { generationLink, interrupted, listGenerations, nextGeneration, setCurrentGeneration, SYSTEM_PROFILE } from "./generations.ts";
import { readManifest } from "./read-manifest.ts";
import type { RootFs } from "./root-fs.ts";
import { readState } from "./state.ts";

export interface Registration {
  readonly number: number;
  /** False when the generation was current already: nothing was written. */
  readonly changed: boolean;
  /** The store path the state records as activated (null: none). */
  readonly active: string | null;
  readonly link: string;
}

export function registerGeneration(fs: RootFs, storePath: string, mtime: (path: string) => number, dryRun: boolean): Registration {
  const release = dryRun ? () => undefined : acquireActivationLock(fs);
  try {
    readManifest(fs, storePath);
    const state = readState(fs);
    const rooted = (p: string) => mtime(fs.hostPath(p));
    const stopped = interrupted(state.inProgress, fs, rooted);
    if (stopped !== null) {
      const what = stopped.storePath === "" ? "deactivate" : `switch to generation ${stopped.generation}`;
      throw new UserError(`Cannot register ${storePath}: the ${what} was interrupted; finish it (switch) or undo it (rollback) first`);
    }
    const gens = listGenerations(fs, rooted);
    const next = nextGeneration(gens, storePath);
    if (next.isNew && !dryRun) setCurrentGeneration(fs, next.number, storePath);
    return { number: next.number, changed: next.isNew, active: state.generation, link: generationLink(SYSTEM_PROFILE, next.number) };
  } finally {
    release();
  }
}
