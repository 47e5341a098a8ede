/**
 * The real world activation runs against: the root's filesystem, the
 * clock, the host's crypt(3), its bash for pre-activation assertions (on
 * the host itself only), and a logger. With --verbose (`debug`),
 * every command run for the units (systemctl, systemd-tmpfiles,
 * journalctl) is a debug line, with its exit status.
 */
import { lstatSync } from "node:fs";
import type { ActivationWorld } from "../activate/activate.ts";
import { RootFs } from "../activate/root-fs.ts";
import { hashPassword, verifyPassword } from "../activate/users/crypt.ts";
import { childProcessRunner } from "../activate/home/run-home-activations.ts";
import { SystemctlServiceManager } from "../activate/services/systemctl-service-manager.ts";
import { runCommand, type RunCommand } from "../activate/services/run-command.ts";
import { ownNode } from "../build/store-runtime.ts";
import { bashAssertionRunner } from "../activate/pre-activation.ts";

function loggedRun(debug: (line: string) => void): RunCommand {
  return async (argv, opts) => {
    debug(`running ${argv.join(" ")}`);
    const r = await runCommand(argv, opts);
    debug(`  exit status ${r.code}${r.timedOut ? " (timed out)" : ""}`);
    return r;
  };
}

export function activationWorld(root: string, log: (line: string) => void, ownership = true, debug?: (line: string) => void): ActivationWorld {
  const fs = new RootFs(root, { ownership });
  return {
    fs,
    homes: childProcessRunner(fs, { asUser: ownership, legacy: { node: ownNode(), script: process.argv[1] as string } }),
    services: new SystemctlServiceManager({ root, ...(debug === undefined ? {} : { run: loggedRun(debug) }) }),
    assertions: bashAssertionRunner(root),
    now: () => new Date(),
    passwords: { hash: hashPassword, verify: verifyPassword },
    mtime: (p) => lstatSync(p).mtimeMs,
    log,
    ...(process.env.SSH_CONNECTION === undefined ? {} : { sshConnection: process.env.SSH_CONNECTION }),
  };
}
