/**
 * `system-manager build`: evaluate a configuration and write its generation
 * into the store under --root; the store path (as seen on this machine) is
 * the last line of stdout.
 */
import { join, resolve } from "node:path";
import { processIo, type Io } from "../io.ts";
import { parseCommandArgs } from "../parse-args.ts";
import { hostSystem } from "../host.ts";
import { checkRoot } from "../check-root.ts";
import { loadConfig, withUserErrors, type ConfigArgs } from "../load-config.ts";
import { FLAKE_INPUT_HELP, FLAKE_INPUT_OPTIONS, takeOverrides } from "../flake-args.ts";

const HELP = `Usage: system-manager build (--config FILE | --flake DIR[#NAME]) [--root DIR] [--impure]

Evaluates the configuration and writes an immutable generation into the
store (ROOT/var/lib/system-manager/store). Prints the generation's path.
A flake is evaluated purely: it reads only its own and its inputs' files;
--impure lets it read any path.

${FLAKE_INPUT_HELP}`;

export async function build(argv: readonly string[], io: Io): Promise<number> {
  const { argv: rest, overrides } = takeOverrides(argv, "build");
  const { values } = parseCommandArgs("build", rest, {
    ...FLAKE_INPUT_OPTIONS,
    config: { type: "string" },
    flake: { type: "string" },
    impure: { type: "boolean" },
    root: { type: "string", default: "/" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const root = checkRoot(values.root as string, io.cwd);
  io.stdout(join(root, await buildConfig({ ...values, overrideInput: overrides }, root, io)) + "\n");
  return 0;
}

/** Evaluates and builds the configuration named by --config/--flake; returns the generation's store path. */
export async function buildConfig(values: ConfigArgs, root: string, io: Io): Promise<string> {
  const config = await loadConfig(values, io, root);
  const { modules, specialArgs, storeCopies, access, store, pkgsFor } = config;
  const { buildGeneration } = await import("../../build/build-generation.ts");
  const packages = await packageSession(values, root, io);
  const { readSourceFromDisk } = await import("../../build/read-source.ts");
  const { checkedSourceReader } = await import("../../flake/source-access.ts");
  const engine = (await import("../engine-source.ts")).engineSource(io);
  const result = await withUserErrors(config, () => buildGeneration(modules, {
    root,
    hostSystem: hostSystem(),
    readSource: checkedSourceReader(readSourceFromDisk, access),
    warn: (w) => io.stderr(`evaluation warning: ${w}\n`),
    specialArgs,
    storeCopies,
    store,
    packages,
    engine,
    pkgsFor,
  }));
  // What a killed build left is removed once this one has written the store, so a build run again after a kill -9 converges.
  (await import("../../store/dead-temporaries.ts")).removeDeadTemporaries(root);
  return result.storePath;
}

/**
 * The package session of a build: packages are resolved with the lock
 * beside the configuration (system-manager.lock) and realised into the
 * store. SYSTEM_MANAGER_PACKAGES=off records packages without realising
 * them (tests that must not reach the archive).
 */
async function packageSession(values: { config?: string | boolean; flake?: string | boolean }, root: string, io: Io) {
  if (io.env.SYSTEM_MANAGER_PACKAGES === "off") return undefined;
  const { PackageSession } = await import("../../packages/package-session.ts");
  const { progressFor } = await import("../../packages/progress.ts");
  return new PackageSession({ root, lockPath: await lockPathOf(values, io), progress: progressFor(io.stderr, stderrIsTty(io)) });
}

/** Where a configuration's system-manager.lock lives: beside the --config file, or in the --flake directory. */
export async function lockPathOf(values: { config?: string | boolean; flake?: string | boolean }, io: Io): Promise<string> {
  const { lockPathFor } = await import("../../packages/lock.ts");
  if (values.config !== undefined) return lockPathFor(resolve(io.cwd, String(values.config)));
  const { splitFlakeArg } = await import("../../flake/flake-ref.ts");
  return lockPathFor(resolve(io.cwd, splitFlakeArg(String(values.flake)).dir), true);
}

/** Whether progress may draw on stderr (the real one, a terminal). */
export function stderrIsTty(io: Io): boolean {
  return io.stderr === processIo.stderr && process.stderr.isTTY === true;
}
