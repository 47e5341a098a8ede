/**
 * `home-activate --generation G [--home DIR] [--store DIR] [--backup-ext
 * EXT] [--any-user] [--keep-from G']...`: a user's home activation, run as
 * that user by the engine (from activate, or from the
 * home-manager-<user>.service unit). --home defaults to $HOME and --store
 * to the store directory; --any-user skips the check that we run as the
 * generation's uid (a --root tree activated without root, where homes are
 * written as the caller); --keep-from names an older generation the system
 * keeps in the store, which links of unchanged files may stay in
 * (src/activate/home/home-roots.ts). Scripts of a home whose store is not
 * at the store directory see it there (scriptRunner).
 */
import type { Io } from "../io.ts";
import { parseCommandArgs } from "../parse-args.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import { realpathSync } from "node:fs";
import { STORE_DIR } from "../../store/store-path.ts";

export async function homeActivate(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs("home-activate", argv, {
    home: { type: "string" },
    store: { type: "string" },
    generation: { type: "string" },
    "backup-ext": { type: "string" },
    "any-user": { type: "boolean" },
    "keep-from": { type: "string", multiple: true },
  });
  if (values.generation === undefined) throw new UserError("Supply the home generation to activate (--generation PATH).");
  const { activateHome } = await import("../../activate/home/activate-home.ts");
  const storeDir = values.store ?? STORE_DIR;
  const backup = values["backup-ext"] ?? io.env.HOME_MANAGER_BACKUP_EXT ?? null;
  io.stdout("Starting Home Manager activation\n");
  const home = values.home ?? io.env.HOME;
  if (home === undefined) throw new UserError("Cannot find the home directory: set HOME or pass --home DIR.");
  const log = (l: string) => io.stdout(l + "\n");
  activateHome({
    homeDir: home,
    storeDir,
    runShell: await scriptRunner(storeDir, log),
    generation: values.generation,
    // Empty is none, as activateHome takes it (backup-extension.ts).
    backupExtension: backup,
    uid: values["any-user"] === true ? undefined : (process.getuid?.() ?? 0),
    env: io.env,
    log,
    keepFrom: values["keep-from"] ?? [],
    // home-manager.verbose: the engine runs this with VERBOSE=1 (run-home-activations.ts).
    verbose: io.env.VERBOSE !== undefined,
  });
  return 0;
}

/**
 * How the activation's scripts run: as they are when the store is at the
 * store directory; else (a --root tree's store, handed over as a
 * descriptor) each in a private mount namespace where that store is seen
 * at the store directory (store-view.ts), as the scripts' store paths name
 * it: bat's cache rebuild does `cd ${pkgs.emptyDirectory}`. (Root
 * activating a --root tree's homes binds the store there before it starts
 * this, run-home-activations.ts.)
 */
async function scriptRunner(storeDir: string, log: (line: string) => void) {
  if (storeDir === STORE_DIR) return undefined;
  const { storeViewRunner } = await import("../../activate/home/store-view.ts");
  const { runShell } = await import("../../activate/home/home-steps.ts");
  // A bind mount's source must be a path of the namespace it is made in (a descriptor's directory from another one cannot be bound): the descriptor's directory, by the path it has (home-namespace.ts binds it back where a tmpfs hides it). Where no path reaches it, the namespace cannot be made, and the scripts run with storeViewRunner's note.
  let source = storeDir;
  try {
    source = realpathSync(storeDir);
  } catch {
    // Left as given: binding it fails.
  }
  return storeViewRunner(source, STORE_DIR, runShell, log);
}
