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

export interface ActivationRequest {
  readonly root: string;
  readonly target: ActivationTarget;
  readonly dryRun: boolean;
  readonly sudo: boolean;
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

export async function runActivation(req: ActivationRequest, io: Io): Promise<number> {
  if (req.sudo && !isRoot() && !req.dryRun) {
    const args = [process.execPath, process.argv[1] as string, "activate", "--root", req.root];
    if (req.target === "nothing") args.push("--nothing");
    else args.push("--store-path", req.target.storePath, ...(req.target.generation === undefined ? [] : ["--generation", String(req.target.generation)]));
    const r = spawnSync("sudo", ["--", ...args], { stdio: "inherit" });
    if (r.error !== undefined) throw new UserError(`Cannot run sudo: ${r.error.message}`);
    return r.status ?? 1;
  }
  if (req.root === "/" && !isRoot() && !req.dryRun) {
    throw new UserError("Cannot activate /: this needs root. Run system-manager as root, or add --sudo to run only the activation through sudo");
  }
  const { activationWorld } = await import("./activation-world.ts");
  const { activate } = await import("../activate/activate.ts");
  const { renderPlan, isEmptyPlan } = await import("./render-plan.ts");
  const log: string[] = [];
  const world = activationWorld(req.root, (l) => log.push(l));
  const { plan } = await activate(world, req.target, req.dryRun);
  io.stderr(renderPlan(plan));
  if (req.dryRun) {
    io.stderr("\nDry run: nothing was changed.\n");
  } else if (!isEmptyPlan(plan)) {
    io.stderr("\n" + log.map((l) => `${l}\n`).join(""));
  }
  return 0;
}
