/**
 * What home-manager-<user>.service runs (as root, through the
 * generation's engine: `home-unit`): the user's home activation exactly as
 * the system's activation runs it when systemd does not (activate.ts):
 * as the user, in a child (run-home-activations.ts), with the generations
 * its links may stay in rooted and offered (rooted-home.ts), so a switch
 * on a systemd host relinks the files that changed, not every file. The
 * user's uid, gid and home are read from the root's /etc/passwd, which
 * the system's activation has written before the unit starts (the unit's
 * --home is the configured one, which an adopted account may not have).
 */
import { UserError } from "../../diagnostics/user-error.ts";
import { RootFs } from "../root-fs.ts";
import { findEntry, parseAccountFile } from "../users/account-files.ts";
import { childProcessRunner, type HomeRunner } from "./run-home-activations.ts";
import { activateRootedHome } from "./rooted-home.ts";
import { ownNode } from "../../build/store-runtime.ts";

export interface HomeUnitRequest {
  /** "/" on a host; a --root tree in tests. */
  readonly root: string;
  readonly user: string;
  readonly homeDirectory: string;
  readonly generation: string;
  /** The engine (a store path) the user's activation runs. */
  readonly engine: string;
  readonly backupExtension: string | null;
  readonly verbose: boolean;
}

/** Activates the home; resolves with the activation's exit code. `runner`: how the activation runs (a child as the user, by default). */
export async function runHomeUnit(req: HomeUnitRequest, log: (line: string) => void, runner?: (fs: RootFs) => HomeRunner): Promise<number> {
  const fs = new RootFs(req.root);
  const passwd = parseAccountFile("passwd", "/etc/passwd", fs.readFileIfExists("/etc/passwd"));
  const entry = findEntry(passwd, req.user);
  if (entry === undefined) throw new UserError(`Cannot activate the home of ${req.user}: /etc/passwd has no such user`);
  const [uid, gid] = [Number(entry[2]), Number(entry[3])];
  const asUser = (process.geteuid?.() ?? 0) === 0;
  const run = runner?.(fs) ?? childProcessRunner(fs, { asUser, legacy: { node: ownNode(), script: process.argv[1] ?? "" } });
  // The account's home as /etc/passwd has it: an adopted account may keep its own where the configuration names a default.
  const home = entry[5] !== undefined && entry[5].startsWith("/") ? entry[5] : req.homeDirectory;
  const h = { user: req.user, uid, gid, homeDirectory: home, generation: req.generation, backupExtension: req.backupExtension, verbose: req.verbose, engine: req.engine };
  return activateRootedHome(fs, run, h, log);
}
