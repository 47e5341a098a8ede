/**
 * Who we run as, and what that allows: activating the real root (/) needs
 * root; `--sudo` builds as the calling user into a staging store and runs
 * only the activation as root.
 */
import { join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import type { Io } from "./io.ts";
import { cacheDir } from "./cache-dir.ts";

export function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/** Whether the activation goes through sudo (asked for, and we are not root already). */
export function viaSudo(sudo: boolean): boolean {
  return sudo && !isRoot();
}

/** Fails before any work when activating / without the rights to. */
export function checkActivationRights(root: string, sudo: boolean): void {
  if (root === "/" && !isRoot() && !sudo) {
    throw new UserError("Cannot activate /: this needs root. Run system-manager as root, or add --sudo to run only the activation through sudo");
  }
}

/** Where a `--sudo` build run by a normal user writes its store. */
export function stagingRoot(io: Io): string {
  return join(cacheDir(io), "staging");
}
