/**
 * `home-activate --generation G [--home DIR] [--store DIR] [--backup-ext
 * EXT] [--any-user] [--keep-from G']...`: a user's home activation, run as
 * that user by the engine (from activate, or from the
 * home-manager-<user>.service unit). --home defaults to $HOME and --store
 * to the store directory; --any-user skips the check that we run as the
 * generation's uid (a --root tree activated without root, where homes are
 * written as the caller); --keep-from names an older generation the system
 * keeps in the store, which links of unchanged files may stay in
 * (src/activate/home/home-roots.ts).
 */
import type { Io } from "../io.ts";
import { parseCommandArgs } from "../parse-args.ts";
import { UserError } from "../../diagnostics/user-error.ts";
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
  const backup = values["backup-ext"] ?? io.env.HOME_MANAGER_BACKUP_EXT ?? null;
  io.stdout("Starting Home Manager activation\n");
  const home = values.home ?? io.env.HOME;
  if (home === undefined) throw new UserError("Cannot find the home directory: set HOME or pass --home DIR.");
  activateHome({
    homeDir: home,
    storeDir: values.store ?? STORE_DIR,
    generation: values.generation,
    backupExtension: backup === "" ? null : backup,
    uid: values["any-user"] === true ? undefined : (process.getuid?.() ?? 0),
    env: io.env,
    log: (l) => io.stdout(l + "\n"),
    keepFrom: values["keep-from"] ?? [],
    // home-manager.verbose: the engine runs this with VERBOSE=1 (run-home-activations.ts).
    verbose: io.env.VERBOSE !== undefined,
  });
  return 0;
}
