/**
 * One ssh connection for a whole deployment: the probe, the copy and the
 * engine run share it (OpenSSH's connection multiplexing: the first
 * becomes the master, the others its clients), so a host is
 * authenticated once (one password, one security key touch) and pays one
 * handshake. The master's socket is in a private temporary directory of
 * this process; it is stopped (`ssh -O exit`) and the directory removed
 * when the deployment ends. ssh options the user gave come first, and
 * ssh takes the first value of an option: `--ssh-option
 * "-o ControlMaster=no"` turns this off.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Runner } from "./runner.ts";
import { sshArgs, type Target } from "./target.ts";

/** How long an idle master waits for the next step before it exits by itself (a killed deployment's). */
const PERSIST_SECONDS = 60;

export function multiplexOptions(dir: string): string[] {
  return ["-o", "ControlMaster=auto", "-o", `ControlPath=${join(dir, "%C")}`, "-o", `ControlPersist=${PERSIST_SECONDS}`];
}

/** Runs `use` with `target` sharing one connection; stops it afterwards. */
export async function withSharedConnection<T>(target: Target, runner: Runner, use: (shared: Target) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "sm-ssh-"));
  const shared: Target = { ...target, sshOptions: [...target.sshOptions, ...multiplexOptions(dir)] };
  try {
    return await use(shared);
  } finally {
    // No master (the first connection failed): ssh says so, and that is fine.
    await runner({ argv: ["ssh", "-O", "exit", ...sshArgs(shared)] }).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
