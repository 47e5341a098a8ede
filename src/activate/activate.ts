/**
 * Activation as one function for switch, rollback and deactivate: take the
 * activation lock, observe, plan (pure, failing before any write), then —
 * unless this is a dry run — apply. Rollback is a switch to an older
 * generation's store path; deactivate is a switch to nothing. The state's
 * first write records the activation in progress (and the generation
 * current before it), its last clears it: `rollback` after an interrupted
 * switch returns to that generation (see rollbackTarget).
 */
import { checkPreActivationAssertions, type AssertionRunner } from "./pre-activation.ts";
import { MANIFEST_VERSION, type Manifest } from "../build/manifest.ts";
import { acquireActivationLock } from "./activation-lock.ts";
import { applyPlan, type HomesOutcome } from "./apply.ts";
import { currentLinkTime, interrupted, listGenerations, nextGeneration, type Generation } from "./generations.ts";
import { makePlan, refusals, type Plan } from "./plan/plan.ts";
import { UserError, UserErrors } from "../diagnostics/user-error.ts";
import { readManifest } from "./read-manifest.ts";
import { checkDistro } from "./distro-check.ts";
import { firewallSshWarning } from "./firewall-ssh-warning.ts";
import { validateEtcFiles } from "./etc-validate.ts";
import type { RootFs } from "./root-fs.ts";
import { readState, type InProgress } from "./state.ts";
import { resolvePasswords, type PasswordTools } from "./users/resolve-passwords.ts";
import type { HomeRunner } from "./home/run-home-activations.ts";
import { activateRootedHome } from "./home/rooted-home.ts";
import { activeUnits, type ServiceManager } from "./services/service-manager.ts";
import { planServices, unitsToObserve } from "./services/plan-services.ts";
import { unitInfos } from "../build/systemd/unit-info.ts";
import { ephemeralPath } from "./ephemeral-paths.ts";
import { forUsersSecrets } from "../secrets/for-users-reader.ts";
import type { UnitInfo } from "../build/systemd/unit-info.ts";

export interface ActivationWorld {
  readonly fs: RootFs;
  /** Runs users' home activations (as each user). */
  readonly homes: HomeRunner;
  /** systemd, or a fake. */
  readonly services: ServiceManager;
  /** Runs a generation's pre-activation assertions on the host (pre-activation.ts). */
  readonly assertions: AssertionRunner;
  readonly now: () => Date;
  /** Hashing and verifying; password files are read through `fs`, inside the root. */
  readonly passwords: Omit<PasswordTools, "readFile">;
  readonly mtime: (hostPath: string) => number;
  readonly log: (line: string) => void;
  /** SSH_CONNECTION of the session running the activation, when it runs over ssh (the firewall's warning). */
  readonly sshConnection?: string;
}

/** A manifest with nothing in it: what deactivate activates. */
const NOTHING: Manifest = {
  version: MANIFEST_VERSION,
  system: "",
  engine: null,
  allowAnyDistro: true,
  preActivationAssertions: [],
  userborn: false,
  etc: [],
  users: [],
  groups: [],
  units: {},
  homes: {},
  packages: { system: [], users: {} },
};

/** A plan that refuses some paths: nothing was applied. Carries the plan so it can be shown. */
export class PlanRefused extends UserErrors {
  readonly plan: Plan;
  constructor(plan: Plan, errors: readonly UserError[]) {
    super(errors);
    this.plan = plan;
  }
}

/**
 * After the system is in place (users, homes, /etc), each changed home is
 * activated as its user, before the generation is committed (so a kill
 * meanwhile leaves it to do again). A failed home is reported after the
 * others ran; only successful ones are recorded, so the next switch
 * retries the rest. Around each, the gc roots of the generations its
 * links may stay in are kept (rooted-home.ts).
 */
async function activateHomes(w: ActivationWorld, plan: Plan): Promise<HomesOutcome> {
  const done: Record<string, string> = { ...plan.state.homeGenerations };
  const failures: UserError[] = [];
  for (const h of plan.homeActivations) {
    const code = await activateRootedHome(w.fs, w.homes, h, (line) => w.log(`${h.user}: ${line}`));
    if (code === 0) done[h.user] = h.generation;
    else failures.push(new UserError(`The Home Manager activation of ${h.user} failed (exit status ${code}); see its output above`));
  }
  return { done, failures };
}

/**
 * The units to stop and start. Units an interrupted activation stopped
 * (recorded before it stopped them) and the new generation still has are
 * started again, as that activation would have done.
 */
async function planUnits(sm: ServiceManager, old: Readonly<Record<string, UnitInfo>>, next: Readonly<Record<string, UnitInfo>>, stopped: readonly string[], host: readonly string[]) {
  const avail = await sm.available();
  if (!avail.available) return { unavailable: avail.reason };
  const active = await activeUnits(sm, [...new Set([...unitsToObserve(old, next), ...stopped])]);
  const plan = planServices(old, next, active, new Set(host));
  const resume = stopped.filter((u) => next[u] !== undefined && !next[u].masked && !active.has(u) && ![...plan.start, ...plan.restart].includes(u));
  return { plan: resume.length === 0 ? plan : { ...plan, start: [...plan.start, ...resume].sort() } };
}

/** The generation last activated (`active`: the state's), as an interrupted activation's `previous` records it: the current one, unless that was only registered. */
function currentOf(gens: readonly Generation[], active: string | null): InProgress["previous"] {
  const cur = gens.find((g) => g.current);
  const last = cur !== undefined && cur.storePath === active ? cur : gens.filter((g) => g.storePath === active).pop();
  return last === undefined ? null : { number: last.number, storePath: last.storePath };
}

export interface ActivationResult {
  readonly plan: Plan;
  readonly applied: boolean;
}

/** What to activate: a store path (as a new generation, or as existing generation N), or nothing. */
export type ActivationTarget = { readonly storePath: string; readonly generation?: number } | "nothing";

export interface ActivationOptions {
  /** Put everything in place, but start, stop and activate nothing (`pre-populate`). */
  readonly prepopulate?: boolean;
  /** /etc entries under /run (`--ephemeral`). */
  readonly ephemeral?: boolean;
}

const PREPOPULATE: { readonly unavailable: string } = { unavailable: "pre-populate leaves units alone: they start at boot, or with the next switch" };

export async function activate(w: ActivationWorld, target: ActivationTarget, dryRun: boolean, opts: ActivationOptions = {}): Promise<ActivationResult> {
  const release = dryRun ? () => undefined : acquireActivationLock(w.fs);
  try {
    const state = readState(w.fs);
    const manifest = target === "nothing" ? NOTHING : readManifest(w.fs, target.storePath);
    checkDistro(w.fs, manifest.allowAnyDistro);
    await checkPreActivationAssertions(w.assertions, manifest.preActivationAssertions, w.log);
    // The host's checks of the files about to go into /etc (sudoers, sshd_config), before anything is planned or written.
    if (target !== "nothing") await validateEtcFiles(w.fs, target.storePath, manifest.etc);
    // Over ssh, a firewall that would refuse new connections to this session's port is said before anything changes.
    const sshWarning = target === "nothing" ? undefined : firewallSshWarning(w.fs, target.storePath, manifest.etc, w.sshConnection);
    if (sshWarning !== undefined) w.log(sshWarning);
    const storePath = target === "nothing" ? "" : target.storePath;
    // A hashedPasswordFile among sops' neededForUsers secrets, before their unit has put it in place: decrypted in memory.
    const forUsers = target === "nothing" ? () => undefined : await forUsersSecrets(w.fs, target.storePath, manifest.etc);
    const mtime = (p: string) => w.mtime(w.fs.hostPath(p));
    const gens = listGenerations(w.fs, mtime);
    const before = interrupted(state.inProgress, w.fs, mtime);
    const services = opts.prepopulate === true ? PREPOPULATE : await planUnits(w.services, state.units, unitInfos(manifest.units), state.stopped, state.hostUnits);
    const numbered =
      target === "nothing"
        ? { number: 0, isNew: false }
        : target.generation !== undefined
          ? { number: target.generation, isNew: !gens.some((g) => g.current && g.number === target.generation), existing: true }
          : nextGeneration(gens, storePath);
    // A generation registered but not activated is current, not active: activating it is new to the host.
    const registered = target !== "nothing" && state.generation !== storePath && gens.some((g) => g.current && g.number === numbered.number && g.storePath === storePath);
    const switched = target !== "nothing" && state.generation !== storePath ? { ...numbered, isNew: true, ...(registered ? { registered } : {}) } : numbered;
    // --ephemeral: current until the next boot, which returns to the last persistent generation (generations.ts, plan/ephemeral-restore-plan.ts).
    const generation = opts.ephemeral === true ? { ...switched, ephemeral: true } : switched;
    const planned = makePlan({
      services,
      fs: w.fs,
      storePath,
      manifest,
      state,
      generation,
      inProgress: { storePath, generation: generation.number, previous: before !== null ? before.previous : currentOf(gens, state.generation), linkTime: currentLinkTime(w.fs, mtime) },
      secrets: (files) => resolvePasswords(manifest.users, files, { ...w.passwords, readFile: (p) => w.fs.readFileIfExists(p) ?? forUsers(p) }),
      today: Math.floor(w.now().getTime() / 86_400_000),
      ...(opts.ephemeral === true ? { place: ephemeralPath } : {}),
    });
    const plan = opts.prepopulate === true ? { ...planned, homeActivations: [] } : planned;
    if (dryRun) return { plan, applied: false };
    const refused = refusals(plan);
    if (refused.length > 0) throw new PlanRefused(plan, refused);
    await applyPlan(w.fs, plan, state, { log: w.log, services: w.services, homes: () => activateHomes(w, plan) });
    return { plan, applied: true };
  } finally {
    release();
  }
}
