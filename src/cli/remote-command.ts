/**
 * switch, build, register, pre-populate and deactivate with --target-host, as
 * upstream's: the generation is built here (as the calling user, into
 * the staging store, no root needed here) or taken as built already
 * (--store-path P, in any local store), its closure is put in the
 * target's store (../remote/push-closure.ts: only what it lacks), and
 * the generation's own engine runs there over ssh (`activate`, with
 * --register for register, --pre-populate for pre-populate, --nothing
 * for deactivate), through sudo with
 * --sudo, its output and exit status ours. The target needs no Node and
 * no checkout: the engine runs on the runtime its closure carries.
 * --root is the root on the target. build only copies, and prints the
 * store path as the target sees it; --dry-run copies nothing and writes
 * nothing there (../remote/dry-run-remote.ts), and prints the target's plan.
 */
import { existsSync, mkdirSync, realpathSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import type { Io } from "./io.ts";
import { parseCommandArgs } from "./parse-args.ts";
import { FLAKE_INPUT_OPTIONS, takeOverrides } from "./flake-args.ts";
import { EVAL_SETTING_OPTIONS, evalSettings, takeSettingPairs } from "./eval-settings.ts";
import { activationArgs, type ActivationMode } from "./activation-args.ts";
import { stagingRoot } from "./privileges.ts";
import { debugOf, VERBOSE_ENV } from "./debug.ts";
import type { RemoteArgs } from "./remote-args.ts";
import { STORE_DIR } from "../store/store-path.ts";
import { parseTarget, targetName, type Target } from "../remote/target.ts";
import { withSharedConnection } from "../remote/ssh-master.ts";
import { processRunner, type Runner } from "../remote/runner.ts";
import { remoteRoot, type RemoteSession } from "../remote/remote-session.ts";
import { pushClosure } from "../remote/push-closure.ts";
import { missingPaths } from "../remote/missing-paths.ts";
import { resolveStorePath } from "./store-path-arg.ts";
import { runRemote } from "../remote/run-remote.ts";
import { ACTIVE_ENGINE_SCRIPT } from "../remote/active-engine.ts";
import { dryRunOnTarget } from "../remote/dry-run-remote.ts";
import { releaseGcRoot } from "../remote/remote-gc-root.ts";

const OPTIONS = {
  config: { type: "string" },
  flake: { type: "string" },
  impure: { type: "boolean" },
  "no-eval-cache": { type: "boolean" },
  repair: { type: "boolean" },
  "store-path": { type: "string" },
  generation: { type: "string" },
  root: { type: "string", default: "/" },
  "dry-run": { type: "boolean" },
  sudo: { type: "boolean" },
  ephemeral: { type: "boolean" },
} as const;

/** Which of OPTIONS each command takes with --target-host (another is refused, as without). */
const TAKES: Readonly<Record<string, readonly (keyof typeof OPTIONS)[]>> = {
  build: ["config", "flake", "impure", "no-eval-cache", "repair", "store-path", "root", "sudo"],
  switch: ["config", "flake", "impure", "no-eval-cache", "repair", "store-path", "generation", "root", "dry-run", "sudo", "ephemeral"],
  register: ["config", "flake", "impure", "no-eval-cache", "store-path", "root", "dry-run", "sudo"],
  "pre-populate": ["config", "flake", "impure", "no-eval-cache", "store-path", "root", "dry-run", "sudo", "ephemeral"],
  deactivate: ["store-path", "root", "dry-run", "sudo"],
};

export async function remoteCommand(command: string, remote: RemoteArgs, io: Io, runner: Runner = processRunner): Promise<number> {
  const target = parseTarget(remote.targetHost as string, remote.sshOptions);
  return withSharedConnection(target, runner, (shared) => deploy(command, shared, remote, io, runner));
}

async function deploy(command: string, target: Target, remote: RemoteArgs, io: Io, runner: Runner): Promise<number> {
  const evaluates = command !== "deactivate";
  const { argv: rest0, overrides } = evaluates ? takeOverrides(remote.argv, command) : { argv: remote.argv, overrides: [] };
  const { argv: rest, options } = evaluates ? takeSettingPairs(rest0, command) : { argv: rest0, options: [] };
  const own = Object.fromEntries(Object.entries(OPTIONS).filter(([k]) => (TAKES[command] as readonly string[]).includes(k)));
  const all = { ...FLAKE_INPUT_OPTIONS, ...EVAL_SETTING_OPTIONS, ...OPTIONS };
  // Only the options `command` takes are parsed (another is refused); the type spans them all.
  const { values } = parseCommandArgs(command, rest, (evaluates ? { ...FLAKE_INPUT_OPTIONS, ...EVAL_SETTING_OPTIONS, ...own } : own) as typeof all);
  if (values.generation !== undefined) throw new UserError(`Cannot use --generation with --target-host: it numbers this machine's generations. Give --store-path P or a configuration, or run 'switch --generation N' on ${targetName(target)}`);
  const session: RemoteSession = { target, root: remoteRoot(String(values.root)), runner, sudo: values.sudo === true ? (io.sudoPassword === undefined ? {} : { password: io.sudoPassword }) : false };
  const debug = debugOf(io);
  const output = { stdout: io.stdout, stderr: io.stderr };
  const verbose = debug === undefined ? [] : ["env", `${VERBOSE_ENV}=1`];
  const prefix = session.root === "/" ? "" : session.root;
  if (command === "deactivate" && values["store-path"] === undefined) {
    // Nothing to copy: the probe says how sudo runs there, then the active generation's engine, found there, deactivates.
    const { privilege } = await missingPaths(session, []);
    return runRemote(session, privilege, [...verbose, "sh", "-c", ACTIVE_ENGINE_SCRIPT, "sh", session.root, ...(values["dry-run"] === true ? ["--dry-run"] : [])], output);
  }
  const local = values["store-path"] !== undefined ? localGeneration(String(values["store-path"]), io) : await buildHere(command, { ...values, overrideInput: overrides, settings: evalSettings(options, values, io.env, (w) => io.stderr(`warning: ${w}\n`)) }, io);
  const { readManifest } = await import("../activate/read-manifest.ts");
  const { RootFs } = await import("../activate/root-fs.ts");
  const engine = readManifest(new RootFs(local.root), local.storePath).engine;
  if (engine === null && command !== "build") throw new UserError(`Cannot run ${local.storePath} on ${targetName(target)}: the generation carries no activation engine (it was built by an older system-manager); build the configuration again`);
  if (command !== "deactivate") io.stdout(`${prefix}${local.storePath}\n`);
  debug?.(`deploying ${local.storePath} from ${local.root} to ${targetName(target)} (root ${session.root})`);
  // deactivate --store-path P: only P's engine is needed there.
  const needed = command === "deactivate" ? (engine as string) : local.storePath;
  const dryRun = values["dry-run"] === true;
  const { ENGINE_BIN } = await import("../build/engine-store-paths.ts");
  const mode: ActivationMode = command === "register" || command === "pre-populate" ? command : "activate";
  const activation = activationArgs({ root: session.root, target: command === "deactivate" ? "nothing" : { storePath: local.storePath }, dryRun, mode, ephemeral: values.ephemeral === true });
  const engineArgv = [...verbose, `${prefix}${engine as string}/${ENGINE_BIN}`, "activate", ...activation];
  if (dryRun) return dryRunOnTarget(session, local.root, needed, engineArgv, output);
  const { privilege, gcRoot } = await pushClosure(session, local.root, needed, io.stderr);
  debug?.(gcRoot === undefined ? `no temporary GC root on ${targetName(target)}: no sshd process of this connection was found there` : `the closure is a temporary GC root on ${targetName(target)} until the activation ends: ${gcRoot}`);
  try {
    return command === "build" ? 0 : await runRemote(session, privilege, engineArgv, output);
  } finally {
    // The closure's temporary GC root there, held from the copy until now.
    if (gcRoot !== undefined) await releaseGcRoot(session, privilege, gcRoot);
  }
}

interface LocalGeneration {
  /** The root whose store holds it, here. */
  readonly root: string;
  readonly storePath: string;
}

/** Builds the configuration into the staging store (as the calling user). */
async function buildHere(command: string, values: Parameters<typeof import("./commands/build.ts").buildConfig>[0], io: Io): Promise<LocalGeneration> {
  const { withDefaultFlake, expandHome } = await import("./default-flake.ts");
  const given = command === "switch" ? withDefaultFlake(values, io) : typeof values.flake === "string" ? { ...values, flake: expandHome(values.flake, io) } : values;
  if (given.config === undefined && given.flake === undefined && command !== "switch" && command !== "build") {
    throw new UserError(`Cannot ${command}: supply either a configuration (--flake DIR[#NAME] or --config FILE) or a store path (--store-path P).`);
  }
  const root = stagingRoot(io);
  mkdirSync(root, { recursive: true });
  const { buildConfig } = await import("./commands/build.ts");
  return { root, storePath: await buildConfig(given, root, io) };
}

/** A generation built already: its path in a local store (/'s, the staging store's, a --root tree's), or as the target sees it. */
function localGeneration(raw: string, io: Io): LocalGeneration {
  const abs = resolve(io.cwd, raw);
  const staged = join(stagingRoot(io), abs);
  const path = abs.startsWith(`${STORE_DIR}/`) && !existsSync(abs) && existsSync(staged) ? staged : abs;
  let real = path;
  try {
    real = realpathSync(path);
  } catch {
    // resolveStorePath says what is wrong.
  }
  const at = real.indexOf(`${STORE_DIR}/`);
  const root = at <= 0 ? "/" : real.slice(0, at);
  return { root, storePath: resolveStorePath(real === path ? raw : real, root, io.cwd).storePath };
}
