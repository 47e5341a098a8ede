/**
 * Builds and activates configurations written as JavaScript modules into a
 * test root, through the same code the CLI runs.
 */
import { buildGeneration } from "../../src/build/build-generation.ts";
import { readSourceFromDisk } from "../../src/build/read-source.ts";
import { lazyFromJS } from "../../src/nix/js-value.ts";
import { NixAttrs, type Lazy } from "../../src/nix/value.ts";
import { activate, type ActivationWorld } from "../../src/activate/activate.ts";
import { RootFs } from "../../src/activate/root-fs.ts";
import { lstatSync } from "node:fs";
import { inProcessRunner } from "../../src/activate/home/run-home-activations.ts";
import { FakeServiceManager } from "../../src/activate/services/fake-service-manager.ts";
import { testEngine } from "./engine.ts";

export const seedSystem = {
  nixpkgs: { hostPlatform: "x86_64-linux" },
  services: { userborn: { enable: true } },
  nix: { enable: true },
  users: {
    groups: { alice: { gid: 5000 } },
    users: { alice: { isNormalUser: true, uid: 5000, group: "alice", home: "/home/alice", createHome: true } },
  },
};

export const module = (m: unknown, file = "/cfg/system.config.ts"): Lazy => NixAttrs.from({ _file: file, imports: [lazyFromJS(m)] });

export async function build(root: string, modules: readonly unknown[]): Promise<string> {
  const r = await buildGeneration(modules.map((m) => module(m)), { root, hostSystem: "x86_64-linux", readSource: readSourceFromDisk, warn: () => undefined, engine: testEngine() });
  return r.storePath;
}

export function world(root: string, fs: RootFs = new RootFs(root)): ActivationWorld & { lines: string[] } {
  const lines: string[] = [];
  return {
    fs,
    // Home activations run in this process, as the test's own user.
    homes: { run: async (req, log) => (await inProcessRunner(root)).run(req, log) },
    // No systemd in these scenarios: units are written, and homes are activated directly.
    services: new FakeServiceManager({ available: { available: false, reason: "no systemd in tests" } }),
    // A test's root is not this machine: pre-activation assertions are not run (pre-activation.test.ts runs them).
    assertions: { available: false, reason: "no host in tests" },
    now: () => new Date("2026-11-24T12:00:00Z"),
    passwords: { hash: (p) => `$test$${p}`, verify: (p, h) => h === `$test$${p}` },
    mtime: (p) => lstatSync(p).mtimeMs,
    log: (l) => lines.push(l),
    lines,
  };
}

export async function switchTo(root: string, modules: readonly unknown[], opts: { dryRun?: boolean; fs?: RootFs } = {}) {
  const storePath = await build(root, modules);
  return { storePath, ...(await activate(world(root, opts.fs), { storePath }, opts.dryRun ?? false)) };
}
