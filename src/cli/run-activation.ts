/**
 * Runs an activation for a command: checks privileges, prints the plan,
 * applies it unless this is a dry run, and prints what was done. With
 * --sudo, only the activation is run as root, through `sudo` re-running
 * this CLI's hidden `activate` command, as system-manager does.
 */
import { spawnSync } from "node:child_process";
import { UserError } from "../diagnostics/user-error.ts";
import type { Io } from "./io.ts";
import type { ActivationTarget } from "../activate/activate.ts";
import { checkActivationRights, isRoot, viaSudo } from "./privileges.ts";

export interface ActivationRequest {
  readonly root: string;
  readonly target: ActivationTarget;
  readonly dryRun: boolean;
  readonly sudo: boolean;
  /** A root whose store holds the target (a --sudo build by the calling user), to import from first. */
  readonly importFrom?: string;
}

export async function runActivation(req: ActivationRequest, io: Io): Promise<number> {
  if (viaSudo(req.sudo)) {
    const args = [process.execPath, process.argv[1] as string, "activate", "--root", req.root];
    if (req.dryRun) args.push("--dry-run");
    if (req.importFrom !== undefined) args.push("--import-from", req.importFrom);
    if (req.target === "nothing") args.push("--nothing");
    else args.push("--store-path", req.target.storePath, ...(req.target.generation === undefined ? [] : ["--generation", String(req.target.generation)]));
    const r = spawnSync("sudo", ["--", ...args], { stdio: "inherit" });
    if (r.error !== undefined) throw new UserError(`Cannot run sudo: ${r.error.message}`);
    return r.status ?? 1;
  }
  checkActivationRights(req.root, false);
  if (req.importFrom !== undefined && req.target !== "nothing") {
    const { importClosure } = await import("../packages/import-closure.ts");
    await importClosure(req.importFrom, req.root, req.target.storePath);
  }
  const { activationWorld } = await import("./activation-world.ts");
  const { activate, PlanRefused } = await import("../activate/activate.ts");
  const { renderPlan, isEmptyPlan } = await import("./render-plan.ts");
  const { refusals } = await import("../activate/plan/plan.ts");
  const log: string[] = [];
  const ownership = isRoot();
  if (!ownership && !req.dryRun) io.stderr(`note: not running as root, so owners are not set in ${req.root} (modes and contents are)\n\n`);
  const world = activationWorld(req.root, (l) => log.push(l), ownership);
  let plan;
  try {
    ({ plan } = await activate(world, req.target, req.dryRun));
  } catch (e) {
    if (e instanceof PlanRefused) io.stderr(renderPlan(e.plan) + "\n");
    // What was done before the failure is shown, so the error has its context.
    if (log.length > 0) io.stderr(log.map((l) => `${l}\n`).join("") + "\n");
    throw e;
  }
  io.stderr(renderPlan(plan));
  if (req.dryRun) {
    const refused = refusals(plan);
    io.stderr(`\nDry run: nothing was changed.${refused.length > 0 ? ` A switch would stop at the ${refused.length} refused path(s) marked "!".` : ""}\n`);
    return refused.length > 0 ? 1 : 0;
  } else if (!isEmptyPlan(plan)) {
    io.stderr("\n" + log.map((l) => `${l}\n`).join(""));
  }
  return 0;
}
