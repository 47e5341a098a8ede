/**
 * `home-unit --user U --home DIR --generation G --engine E [--root DIR]`:
 * what home-manager-<user>.service runs as root (src/build/
 * home-manager-units.ts); the activation itself runs as the user
 * (src/activate/home/home-unit.ts). HOME_MANAGER_BACKUP_EXT and VERBOSE
 * come from the unit's environment, as home-manager's do.
 */
import type { Io } from "../cli/io.ts";
import { parseCommandArgs } from "../cli/parse-args.ts";
import { UserError } from "../diagnostics/user-error.ts";

export async function homeUnit(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs("home-unit", argv, {
    user: { type: "string" },
    home: { type: "string" },
    generation: { type: "string" },
    engine: { type: "string" },
    root: { type: "string", default: "/" },
  }, 0, "system-manager-engine");
  const { user, home, generation, engine } = values;
  if (user === undefined || home === undefined || generation === undefined || engine === undefined) {
    throw new UserError("Supply the user, their home, the home generation and the engine (--user U --home DIR --generation G --engine E).");
  }
  const { runHomeUnit } = await import("../activate/home/home-unit.ts");
  const backup = io.env.HOME_MANAGER_BACKUP_EXT ?? "";
  const code = await runHomeUnit({ root: values.root as string, user, homeDirectory: home, generation, engine, backupExtension: backup === "" ? null : backup, verbose: io.env.VERBOSE === "1" }, (l) => io.stdout(l + "\n"));
  if (code !== 0) io.stderr(`The Home Manager activation of ${user} failed (exit status ${code})\n`);
  return code;
}
