/**
 * Runs an activation for a command, as system-manager does: through the
 * engine the generation carries (`<engine>/bin/system-manager-engine
 * activate`), so a generation is activated by the code it was built with
 * and rollback runs the older generation's engine. Deactivation uses the
 * engine of the active generation. Generations built before they carried
 * an engine are activated in this process. With --sudo, only the
 * activation runs as root: `sudo` re-runs this CLI's hidden `activate`,
 * which imports the closure the caller built and then runs the engine.
 */
import { spawn, spawnSync } from "node:child_process";
import { constants } from "node:os";
import { join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import type { Io } from "./io.ts";
import { checkActivationRights, viaSudo } from "./privileges.ts";
import { activateHere } from "./activate-here.ts";
import { activationArgs, type Activation } from "./activation-args.ts";

export interface ActivationRequest extends Activation {
  readonly sudo: boolean;
  /** A root whose store holds the target (a --sudo build by the calling user), to import from first. */
  readonly importFrom?: string;
}

export async function runActivation(req: ActivationRequest, io: Io): Promise<number> {
  if (viaSudo(req.sudo)) {
    const args = [process.execPath, process.argv[1] as string, "activate", ...activationArgs(req)];
    if (req.importFrom !== undefined) args.push("--import-from", req.importFrom);
    const r = spawnSync("sudo", ["--", ...args], { stdio: "inherit" });
    if (r.error !== undefined) throw new UserError(`Cannot run sudo: ${r.error.message}`);
    return r.status ?? 1;
  }
  checkActivationRights(req.root, false);
  if (req.importFrom !== undefined && req.target !== "nothing") {
    const { importClosure } = await import("../packages/import-closure.ts");
    await importClosure(req.importFrom, req.root, req.target.storePath);
  }
  const { engineOf } = await import("../activate/engine-of.ts");
  const engine = engineOf(req.root, req.target);
  if (engine === null) return activateHere(req, io);
  const { ENGINE_BIN } = await import("../build/engine-store-paths.ts");
  return runEngine(join(req.root, engine, ENGINE_BIN), ["activate", ...activationArgs(req)], io);
}

/** Runs the engine with its output passed on to `io`; resolves with its exit status. */
function runEngine(bin: string, args: readonly string[], io: Io): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ["inherit", "pipe", "pipe"], env: { ...io.env }, cwd: "/" });
    child.stdout.setEncoding("utf8").on("data", (t: string) => io.stdout(t));
    child.stderr.setEncoding("utf8").on("data", (t: string) => io.stderr(t));
    const pass = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGTERM", pass).on("SIGHUP", pass);
    child.once("error", (e) => reject(new UserError(`Cannot run the generation's activation engine ${bin}: ${e.message}`)));
    child.once("close", (code, signal) => {
      process.off("SIGTERM", pass).off("SIGHUP", pass);
      resolve(code ?? 128 + (signal === null ? 1 : constants.signals[signal]));
    });
  });
}
