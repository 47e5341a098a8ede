/**
 * `system-manager generations` lists the generations of --root;
 * `rollback` activates the one before the current (through switch's code),
 * resumes an interrupted rollback, or returns from an interrupted switch
 * to the generation current before it;
 * `deactivate` removes everything system-manager manages.
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

const common = {
  root: { type: "string", default: "/" },
  "dry-run": { type: "boolean" },
  sudo: { type: "boolean" },
} as const;

export async function generations(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs("generations", argv, { root: common.root });
  const root = checkRoot(values.root as string, io.cwd);
  const fs = new RootFs(root);
  for (const g of listGenerations(fs, (p) => lstatSync(fs.hostPath(p)).mtimeMs)) {
    const date = new Date(g.date).toISOString().replace("T", " ").slice(0, 19);
    io.stdout(`${String(g.number).padStart(4)}   ${date}   ${g.storePath}${g.current ? "   (current)" : ""}\n`);
  }
  return 0;
}

export async function rollback(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs("rollback", argv, common);
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

export async function deactivate(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs("deactivate", argv, common);
  const root = checkRoot(values.root as string, io.cwd);
  return runActivation({ root, target: "nothing", dryRun: values["dry-run"] === true, sudo: values.sudo === true }, io);
}

/** Hidden: what `--sudo` runs as root. */
export async function activateCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs("activate", argv, { ...ACTIVATION_OPTIONS, sudo: common.sudo, "import-from": { type: "string" } });
  return runActivation({ ...parseActivation(values, io.cwd), sudo: false, importFrom: values["import-from"] }, io);
}
