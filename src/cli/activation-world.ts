/**
 * The real world activation runs against: the root's filesystem, the
 * clock, the host's crypt(3), and a logger.
 */
import { lstatSync } from "node:fs";
import type { ActivationWorld } from "../activate/activate.ts";
import { RootFs } from "../activate/root-fs.ts";
import { hashPassword, verifyPassword } from "../activate/users/crypt.ts";
import { childProcessRunner } from "../activate/home/run-home-activations.ts";
import { SystemctlServiceManager } from "../activate/services/systemctl-service-manager.ts";

export function activationWorld(root: string, log: (line: string) => void, ownership = true): ActivationWorld {
  const fs = new RootFs(root, { ownership });
  return {
    fs,
    homes: childProcessRunner(fs, { asUser: ownership, legacy: { node: process.execPath, script: process.argv[1] as string } }),
    services: new SystemctlServiceManager({ root }),
    now: () => new Date(),
    passwords: { hash: hashPassword, verify: verifyPassword },
    mtime: (p) => lstatSync(p).mtimeMs,
    log,
  };
}
