/**
 * Job scripts: a service's `script`, `preStart`, `postStart`, `reload`,
 * `preStop` and `postStop` become small executable bash scripts (`set -e`,
 * then the text), as NixOS's makeJobScript writes them. They are files of
 * the generation, linked under
 * /etc/systemd/system/system-manager-scripts/<hash>/<unit>-<phase>: the
 * hash of the content changes the unit's `Exec…=` line when the script
 * changes, so the unit is restarted; the file name itself stays short, as
 * the journal names the process after it.
 */
import { treeHash, type TreeEntry } from "../../store/file-tree.ts";

/** Where the scripts live, relative to /etc/systemd/system (not a unit name, so systemd ignores it). */
export const SCRIPTS_DIR = "system-manager-scripts";

/** The phases, by the service option each comes from: `preStart` → "pre-start". */
export const JOB_PHASES = { preStart: "pre-start", script: "start", postStart: "post-start", reload: "reload", preStop: "pre-stop", postStop: "post-stop" } as const;

export type JobPhase = (typeof JOB_PHASES)[keyof typeof JOB_PHASES];

export interface JobScript {
  /** Relative to /etc/systemd/system. */
  readonly relPath: string;
  /** As the unit refers to it. */
  readonly path: string;
  readonly entry: TreeEntry;
}

/** A file name safe in `ExecStart=`: no `%` specifiers, no backslash escapes, no spaces. */
function scriptName(unit: string, phase: string): string {
  return `${unit}-${phase}`.replaceAll("\\", "-").replaceAll("@", "_").replace(/[^A-Za-z0-9+._:-]/g, "_");
}

export function jobScript(unit: string, phase: JobPhase, text: string): JobScript {
  const name = scriptName(unit, phase);
  const entry: TreeEntry = { kind: "file", content: Buffer.from(`#!/bin/bash\nset -e\n\n${text}\n`), executable: true };
  const relPath = `${SCRIPTS_DIR}/${treeHash(name, new Map([["", entry]]))}/${name}`;
  return { relPath, path: `/etc/systemd/system/${relPath}`, entry };
}
