/**
 * Activation in this process: checks the rights, prints the plan, applies
 * it unless this is a dry run, and prints what was done. What a
 * generation's engine runs (`system-manager-engine activate`), and what the
 * CLI runs itself for generations built before they carried an engine.
 * `--register` only makes the generation current (register.ts); with
 * --verbose (or SYSTEM_MANAGER_VERBOSE=1, how the CLI tells an engine) the
 * planner's decisions and the commands run are debug lines on stderr.
 */
import type { Activation } from "./activation-args.ts";
import type { Io } from "./io.ts";
import { checkActivationRights, isRoot } from "./privileges.ts";
import { debugOf } from "./debug.ts";

export async function activateHere(req: Activation, io: Io): Promise<number> {
  checkActivationRights(req.root, false);
  const { checkTrust } = await import("../activate/trust-check.ts");
  checkTrust(req.root);
  const debug = debugOf(io);
  if (req.mode === "register" && req.target !== "nothing") return (await import("./register-here.ts")).registerHere(req.root, req.target.storePath, req.dryRun, io);
  const { activationWorld } = await import("./activation-world.ts");
  const { activate, PlanRefused } = await import("../activate/activate.ts");
  const { renderPlan } = await import("./render-plan.ts");
  const { refusals } = await import("../activate/plan/plan.ts");
  const { isEmptyPlan } = await import("../activate/plan/empty-plan.ts");
  const { debugPlan } = await import("./debug-plan.ts");
  const log: string[] = [];
  const ownership = isRoot();
  if (!ownership && !req.dryRun) io.stderr(`note: not running as root, so owners are not set in ${req.root} (modes and contents are)\n\n`);
  const world = activationWorld(req.root, (l) => log.push(l), ownership, debug);
  const prepopulate = req.mode === "pre-populate";
  debug?.(`activating ${req.target === "nothing" ? "nothing (deactivate)" : req.target.storePath} on ${req.root}${prepopulate ? ", pre-populating (units and homes left alone)" : ""}${req.ephemeral === true ? ", ephemeral (/etc entries under /run)" : ""}`);
  let plan;
  try {
    ({ plan } = await activate(world, req.target, req.dryRun, { prepopulate, ephemeral: req.ephemeral === true }));
  } catch (e) {
    if (e instanceof PlanRefused) io.stderr(renderPlan(e.plan) + "\n");
    // What was done before the failure is shown, so the error has its context.
    if (log.length > 0) io.stderr(log.map((l) => `${l}\n`).join("") + "\n");
    throw e;
  }
  if (debug !== undefined) debugPlan(plan, debug);
  io.stderr(renderPlan(plan));
  if (req.dryRun) {
    // What activation said before planning (assertions not run, a firewall's warning): a dry run says it too.
    if (log.length > 0) io.stderr("\n" + log.map((l) => `${l}\n`).join(""));
    const refused = refusals(plan);
    const verb = prepopulate ? "A pre-populate" : "A switch";
    io.stderr(`\nDry run: nothing was changed.${refused.length > 0 ? ` ${verb} would stop at the ${refused.length} refused path(s) marked "!".` : ""}\n`);
    return refused.length > 0 ? 1 : 0;
  } else if (!isEmptyPlan(plan)) {
    io.stderr("\n" + log.map((l) => `${l}\n`).join(""));
  }
  return 0;
}
