/**
 * The home-manager command line (standalone mode, run by the user without
 * root): switch, build, generations, rollback, remove-generations. The
 * store is under the user's state directory; generations are
 * ~/.local/state/nix/profiles/home-manager-N-link. `home.packages` are
 * realised into the user's store (home-package-session.ts). One error
 * handler, as system-manager's.
 */
import { lstatSync, unlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { hostname, userInfo } from "node:os";
import type { Lazy, NixAttrs } from "../nix/value.ts";
import type { EvalStore } from "../nix/eval-store.ts";
import type { FileTree } from "../store/file-tree.ts";
import type { PathAccess } from "../nix/path-access.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { processIo, type Io } from "./io.ts";
import { parseCommandArgs } from "./parse-args.ts";
import { hostSystem } from "./host.ts";
import { flakeLockOptions, FLAKE_INPUT_OPTIONS, takeOverrides } from "./flake-args.ts";

export const HOME_MANAGER_HELP = `Usage: home-manager <command> [options]

Manages your home environment (dotfiles, packages, programs) without root.

Commands:
  switch [--config FILE | --flake DIR[#NAME] [--impure]] [-b EXT]
                                    Build and activate a home configuration
  build [--config FILE]             Build it; print the generation's path
  generations                       List home generations
  rollback                          Activate the previous generation
  remove-generations ID…            Remove generations (not the current one)
  help                              Show this help

--config defaults to ~/.config/home-manager/home.config.ts; --flake takes
homeConfigurations.<NAME> (default "$USER@$HOSTNAME", then "$USER"). -b EXT moves
files in the way to <file>.EXT instead of failing. --impure lets a flake read
paths outside its own and its inputs' trees. With --flake: --override-input
NAME URL, --update-input NAME, --offline, --refresh, --no-write-lock-file,
--recreate-lock-file, as Nix's.
`;

interface Ctx {
  readonly io: Io;
  readonly home: string;
  readonly user: string;
}

async function homeStore(ctx: Ctx) {
  const { defaultStoreRoot } = await import("../home/standalone-home.ts");
  return defaultStoreRoot(ctx.io.env, ctx.home);
}

function configFile(ctx: Ctx, config: string | undefined): string {
  return resolve(ctx.io.cwd, config ?? join(ctx.home, ".config/home-manager/home.config.ts"));
}

async function build(ctx: Ctx, command: "build" | "switch", argv: readonly string[]): Promise<{ generation: string; storeRoot: string; backup: string | null }> {
  const { argv: rest, overrides } = takeOverrides(argv, command, "home-manager");
  const { values } = parseCommandArgs(command, rest, { ...FLAKE_INPUT_OPTIONS, config: { type: "string" }, flake: { type: "string" }, impure: { type: "boolean" }, backup: { type: "string", short: "b" } }, 0, "home-manager");
  let modules: readonly Lazy[];
  let specialArgs: Readonly<Record<string, Lazy>> = {};
  let storeCopies: readonly { readonly name: string; readonly tree: FileTree }[] = [];
  let access: PathAccess | undefined;
  let realConfig: NixAttrs | undefined;
  let realPkgs: Lazy | undefined;
  let store: EvalStore | undefined;
  let userErrors: ((e: unknown) => unknown) | undefined;
  const storeRoot = await homeStore(ctx);
  const { homePackageSession } = await import("./home-package-session.ts");
  const packages = await homePackageSession(ctx.io, values.flake !== undefined ? { flake: values.flake } : { config: configFile(ctx, values.config) }, storeRoot);
  if (values.flake !== undefined) {
    if (values.config !== undefined) throw new UserError("Supply either --config FILE or --flake DIR[#NAME], not both.");
    const { loadFlakeHome } = await import("../flake/flake-home.ts");
    const lock = await flakeLockOptions({ ...values, overrideInput: overrides }, ctx.io, storeRoot);
    const { diskParseCache } = await import("../nix/evaluate.ts");
    const parseCache = diskParseCache(join((await import("./load-config.ts")).cacheDir(ctx.io), "nix-parse"));
    ({ modules, specialArgs, storeCopies, access, realConfig, realPkgs, store } = await loadFlakeHome(values.flake, { cwd: ctx.io.cwd, user: ctx.user, hostname: hostname(), warn: (w) => ctx.io.stderr(`warning: ${w}\n`), impure: values.impure === true, lock, packages, parseCache }));
  } else {
    const { loadConfig } = await import("./load-config.ts");
    ({ modules, userErrors } = await loadConfig({ config: configFile(ctx, values.config) }, ctx.io));
  }
  const { buildStandaloneHome } = await import("../home/standalone-home.ts");
  const { withUserErrors } = await import("./load-config.ts");
  const { readSourceFromDisk } = await import("../build/read-source.ts");
  const { checkedSourceReader } = await import("../flake/source-access.ts");
  const generation = await withUserErrors({ modules, specialArgs, storeCopies, userErrors }, () => buildStandaloneHome(modules, {
    specialArgs,
    storeCopies,
    realConfig,
    realPkgs,
    store,
    user: ctx.user,
    home: ctx.home,
    system: hostSystem(),
    storeRoot,
    readSource: checkedSourceReader(readSourceFromDisk, access),
    warn: (w) => ctx.io.stderr(`evaluation warning: ${w}\n`),
    packages,
  }));
  packages?.saveLock({ prune: true });
  const { unreachableProfileNote } = await import("../home/home-packages.ts");
  const note = unreachableProfileNote(storeRoot, generation);
  if (note !== undefined) ctx.io.stderr(`warning: ${note}\n`);
  return { generation, storeRoot, backup: values.backup ?? ctx.io.env.HOME_MANAGER_BACKUP_EXT ?? null };
}

async function activate(ctx: Ctx, storeRoot: string, generation: string, backup: string | null, number?: number): Promise<void> {
  const { activateHome } = await import("../activate/home/activate-home.ts");
  const { runShell } = await import("../activate/home/home-steps.ts");
  const { storeViewRunner } = await import("../activate/home/store-view.ts");
  const { STORE_DIR } = await import("../store/store-path.ts");
  ctx.io.stderr("Starting Home Manager activation\n");
  const log = (l: string) => ctx.io.stderr(l + "\n");
  activateHome({
    storeDir: join(storeRoot, STORE_DIR),
    homeDir: ctx.home,
    generation,
    backupExtension: backup,
    linkPrefix: storeRoot,
    generationNumber: number,
    uid: process.getuid?.(),
    env: ctx.io.env,
    log,
    runShell: storeRoot === "/" ? runShell : storeViewRunner(join(storeRoot, STORE_DIR), STORE_DIR, runShell, log),
  });
}

async function generations(ctx: Ctx) {
  const { RootFs } = await import("../activate/root-fs.ts");
  const { listGenerations } = await import("../activate/generations.ts");
  const { HOME_PROFILE } = await import("../activate/home/activate-home.ts");
  const fs = new RootFs(ctx.home);
  return { fs, list: listGenerations(fs, (p) => lstatSync(fs.hostPath(p)).mtimeMs, HOME_PROFILE), profile: HOME_PROFILE };
}

async function run(command: string, rest: readonly string[], ctx: Ctx): Promise<number> {
  switch (command) {
    case "build": {
      const b = await build(ctx, "build", rest);
      ctx.io.stdout(join(b.storeRoot, b.generation) + "\n");
      return 0;
    }
    case "switch": {
      const b = await build(ctx, "switch", rest);
      await activate(ctx, b.storeRoot, b.generation, b.backup);
      return 0;
    }
    case "generations": {
      parseCommandArgs("generations", rest, {}, 0, "home-manager");
      for (const g of (await generations(ctx)).list.reverse()) {
        const date = new Date(g.date).toISOString().replace("T", " ").slice(0, 16);
        ctx.io.stdout(`${date} : id ${g.number} -> ${g.storePath}${g.current ? " (current)" : ""}\n`);
      }
      return 0;
    }
    case "rollback": {
      parseCommandArgs("rollback", rest, {}, 0, "home-manager");
      const { list } = await generations(ctx);
      const { previousGeneration } = await import("../activate/generations.ts");
      const prev = previousGeneration(list);
      if (prev === undefined) throw new UserError("Cannot roll back: there is no generation before the current one");
      const storeRoot = await homeStore(ctx);
      await activate(ctx, storeRoot, prev.storePath.slice(storeRoot.length), null, prev.number);
      return 0;
    }
    case "remove-generations": {
      const { positionals } = parseCommandArgs("remove-generations", rest, {}, 1000, "home-manager");
      const { fs, list, profile } = await generations(ctx);
      const { generationLink } = await import("../activate/generations.ts");
      for (const id of positionals) {
        const g = list.find((x) => String(x.number) === id);
        if (g === undefined) throw new UserError(`Cannot remove generation ${id}: there is no such generation`);
        if (g.current) throw new UserError(`Cannot remove generation ${id}: it is the current generation`);
        unlinkSync(fs.hostPath(generationLink(profile, g.number)));
        ctx.io.stderr(`Removed generation ${id}\n`);
      }
      return 0;
    }
    default:
      throw new UserError(`Cannot run 'home-manager ${command}': there is no such command. Commands: switch, build, generations, rollback, remove-generations`);
  }
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    io.stdout(HOME_MANAGER_HELP);
    return command === undefined ? 1 : 0;
  }
  try {
    const home = io.env.HOME;
    if (home === undefined || !home.startsWith("/")) throw new UserError("Cannot find your home directory: HOME is not set to an absolute path");
    return await run(command, rest, { io, home, user: io.env.USER ?? userInfo().username });
  } catch (e) {
    const { handleCliError } = await import("./render-error.ts");
    return handleCliError(e, io.stderr);
  }
}
