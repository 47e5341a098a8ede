/**
 * `system-manager generations` lists the generations of --root, marking
 * the current one, and, when a generation was registered without being
 * activated (register), the one still in effect as active;
 * `rollback` activates the one before the current (through switch's code),
 * resumes an interrupted rollback, or returns from an interrupted switch
 * to the generation current before it;
 * `deactivate` removes everything system-manager manages, with the
 * active generation's engine, or that of --store-path P (as upstream's).
 */
import { lstatSync } from "node:fs";
import type { Io } from "../io.ts";
import { parseCommandArgs } from "../parse-args.ts";
import { checkRoot } from "../check-root.ts";
import { runActivation } from "../run-activation.ts";
import { ACTIVATION_OPTIONS, parseActivation } from "../activation-args.ts";
import { RootFs } from "../../activate/root-fs.ts";
import { interrupted, listGenerations, rollbackTarget } from "../../activate/generations.ts";
import { readState } from "../../activate/state.ts";
import { resolveStorePath } from "../store-path-arg.ts";
import { runRemotely } from "../remote-args.ts";
import { ACTIVATE_HELP, DEACTIVATE_HELP, GENERATIONS_HELP, ROLLBACK_HELP } from "./generations-help.ts";

const common = {
  root: { type: "string", default: "/" },
  "dry-run": { type: "boolean" },
  sudo: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Each command's options (shell completion reads them too). */
export const GENERATIONS_OPTIONS = { root: common.root, help: common.help } as const;
export const ROLLBACK_OPTIONS = common;
export const DEACTIVATE_OPTIONS = { ...common, "store-path": { type: "string" } } as const;

/** Prints `text` when asked for help (true). */
function helped(values: { readonly help?: string | boolean }, text: string, io: Io): boolean {
  if (values.help === true) io.stdout(text);
  return values.help === true;
}

export async function generations(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs("generations", argv, GENERATIONS_OPTIONS);
  if (helped(values, GENERATIONS_HELP, io)) return 0;
  const root = checkRoot(values.root as string, io.cwd);
  const fs = new RootFs(root);
  const gens = listGenerations(fs, (p) => lstatSync(fs.hostPath(p)).mtimeMs);
  const { generation: active } = readState(fs);
  const cur = gens.find((g) => g.current);
  // The generation in effect: the current one, unless that was only registered; then the newest link to what was activated.
  const activeNumber = cur !== undefined && cur.storePath === active ? cur.number : gens.filter((g) => g.storePath === active).pop()?.number;
  for (const g of gens) {
    const date = new Date(g.date).toISOString().replace("T", " ").slice(0, 19);
    const mark = g.current ? (g.number === activeNumber ? "   (current)" : "   (current, registered: not activated)") : g.number === activeNumber ? "   (active)" : "";
    io.stdout(`${String(g.number).padStart(4)}   ${date}   ${g.storePath}${mark}\n`);
  }
  return 0;
}

export async function rollback(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs("rollback", argv, ROLLBACK_OPTIONS);
  if (helped(values, ROLLBACK_HELP, io)) return 0;
  const root = checkRoot(values.root as string, io.cwd);
  const fs = new RootFs(root);
  // An interrupted rollback is resumed to its target, an interrupted switch undone, never stepped back from (see rollbackTarget).
  const state = readState(fs);
  const mtime = (p: string) => lstatSync(fs.hostPath(p)).mtimeMs;
  const { generation, resumed, undoing } = rollbackTarget(listGenerations(fs, () => 0), state.generation, interrupted(state.inProgress, fs, mtime));
  if (resumed) io.stderr(`Resuming the interrupted rollback to generation ${generation.number}.\n`);
  if (undoing !== undefined) io.stderr(`Returning to generation ${generation.number}, current before the interrupted ${undoing.storePath === "" ? "deactivate" : `switch to generation ${undoing.generation}`}.\n`);
  return runActivation({ root, target: { storePath: generation.storePath, generation: generation.number }, dryRun: values["dry-run"] === true, sudo: values.sudo === true }, io);
}

export async function deactivate(argv0: readonly string[], io: Io): Promise<number> {
  const argv = await runRemotely("deactivate", argv0, io);
  if (typeof argv === "number") return argv;
  const { values } = parseCommandArgs("deactivate", argv, DEACTIVATE_OPTIONS);
  if (helped(values, DEACTIVATE_HELP, io)) return 0;
  const root = checkRoot(values.root as string, io.cwd);
  const engineOf = values["store-path"] === undefined ? undefined : resolveStorePath(values["store-path"], root, io.cwd).storePath;
  return runActivation({ root, target: "nothing", dryRun: values["dry-run"] === true, sudo: values.sudo === true, ...(engineOf === undefined ? {} : { engineOf }) }, io);
}

/**
 * Hidden, low-level, as upstream's: activates a generation built already
 * (`activate --store-path P`, checked as switch's --store-path is), and what
 * `--sudo` runs as root (with --import-from, and --engine-of for deactivate).
 */
export async function activateCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs("activate", argv, { ...ACTIVATION_OPTIONS, sudo: common.sudo, help: common.help, "import-from": { type: "string" }, "engine-of": { type: "string" } });
  if (helped(values, ACTIVATE_HELP, io)) return 0;
  const a = parseActivation(values, io.cwd);
  const importFrom = values["import-from"];
  // Checked as a generation of ours (unless it is still to be imported, which checks it).
  const target = a.target === "nothing" || importFrom !== undefined ? a.target : { ...a.target, storePath: resolveStorePath(a.target.storePath, a.root, io.cwd).storePath };
  const engineOf = values["engine-of"];
  return runActivation({ ...a, target, sudo: values.sudo === true, importFrom, ...(engineOf === undefined ? {} : { engineOf }) }, io);
}
