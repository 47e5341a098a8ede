/**
 * Runs an activation for a command, as system-manager does: through the
 * engine the generation carries (`<engine>/bin/system-manager-engine
 * activate`), so a generation is activated by the code it was built with
 * and rollback runs the older generation's engine (unless it cannot read
 * the homes active now: src/activate/engine-reads.ts). Deactivation uses the
 * engine of the active generation. Generations built before they carried
 * an engine, and registering (which only writes the profile's links), are
 * done in this process. With --sudo, only the activation runs as root:
 * `sudo` re-runs this CLI's hidden `activate`, which imports the closure
 * the caller built and then runs the engine; with --ask-sudo-password,
 * sudo reads the password from its stdin (-S), as upstream feeds it.
 * An engine older than --pre-populate or --ephemeral refuses them: the
 * error then says to build the generation again.
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import type { Io } from "./io.ts";
import { checkActivationRights, viaSudo } from "./privileges.ts";
import { activateHere } from "./activate-here.ts";
import { activationArgs, type Activation } from "./activation-args.ts";
import { debugOf, VERBOSE_ENV } from "./debug.ts";
import { ownNode } from "../build/store-runtime.ts";

export interface ActivationRequest extends Activation {
  readonly sudo: boolean;
  /** A root whose store holds the target (a --sudo build by the calling user), to import from first. */
  readonly importFrom?: string;
  /** Deactivate with this generation's engine (deactivate --store-path P), not the active one's. */
  readonly engineOf?: string;
}

export async function runActivation(req: ActivationRequest, io: Io): Promise<number> {
  const debug = debugOf(io);
  if (viaSudo(req.sudo)) {
    const args = [ownNode(), process.argv[1] as string, "activate", ...activationArgs(req)];
    if (req.importFrom !== undefined) args.push("--import-from", req.importFrom);
    if (req.engineOf !== undefined) args.push("--engine-of", req.engineOf);
    if (debug !== undefined) args.push("--verbose");
    const sudo = io.sudoPassword === undefined ? ["--", ...args] : ["-S", "--", ...args];
    debug?.(`running sudo ${sudo.join(" ")}`);
    // Its output goes straight to ours, as a terminal sees it (sudo asks for a password there too).
    return run("sudo", sudo, io, io.sudoPassword === undefined ? "inherit" : `${io.sudoPassword}\n`, "sudo", false);
  }
  checkActivationRights(req.root, false);
  if (req.importFrom !== undefined && req.target !== "nothing") {
    const { importClosure } = await import("../packages/import-closure.ts");
    debug?.(`importing the closure of ${req.target.storePath} from ${req.importFrom}`);
    await importClosure(req.importFrom, req.root, req.target.storePath);
  }
  if (req.mode === "register") return activateHere(req, io);
  const { activationEngine } = await import("../activate/engine-reads.ts");
  const engine = activationEngine(req.root, req.target === "nothing" && req.engineOf !== undefined ? { storePath: req.engineOf } : req.target);
  if (engine === null) {
    debug?.("the generation carries no engine: activating in this process");
    return activateHere(req, io);
  }
  const { ENGINE_BIN } = await import("../build/engine-store-paths.ts");
  const bin = join(req.root, engine, ENGINE_BIN);
  const args = ["activate", ...activationArgs(req)];
  debug?.(`running ${bin} ${args.join(" ")}`);
  let said = "";
  const code = await run(bin, args, { ...io, stderr: (t) => void ((said += t), io.stderr(t)), env: debug === undefined ? io.env : { ...io.env, [VERBOSE_ENV]: "1" } }, "inherit", `the generation's activation engine ${bin}`, true);
  const unknown = /Unknown option '--(pre-populate|ephemeral)'/.exec(said);
  if (code !== 0 && unknown !== null) throw new UserError(`The generation's engine (${engine}) predates --${unknown[1]}: build the configuration again with this system-manager, and use the new generation`);
  return code;
}

/**
 * Runs `bin` with `stdin` inherited or written to it, and its output
 * passed on to `io` (`toIo`) or inherited; resolves with its exit status.
 */
function run(bin: string, args: readonly string[], io: Io, stdin: "inherit" | string, what: string, toIo: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const out = toIo ? "pipe" : "inherit";
    const child = spawn(bin, args, { stdio: [stdin === "inherit" ? "inherit" : "pipe", out, out], env: { ...io.env }, ...(toIo ? { cwd: "/" } : {}) });
    if (stdin !== "inherit") child.stdin?.end(stdin);
    child.stdout?.setEncoding("utf8").on("data", (t: string) => io.stdout(t));
    child.stderr?.setEncoding("utf8").on("data", (t: string) => io.stderr(t));
    const pass = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGTERM", pass).on("SIGHUP", pass);
    child.once("error", (e) => reject(new UserError(`Cannot run ${what}: ${e.message}`)));
    child.once("close", (code, signal) => {
      process.off("SIGTERM", pass).off("SIGHUP", pass);
      resolve(code ?? 128 + (signal === null ? 1 : constants.signals[signal]));
    });
  });
}
