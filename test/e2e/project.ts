/**
 * The project as the guest sees it, under /opt/system-manager: the built
 * CLI (dist/, bin/), src/ (the types configurations are checked against),
 * node_modules, examples/ and package.json, run with the guest's node
 * (the host's, see node.ts). Read-only bind mounts: nothing is copied, and nothing in
 * the repository can be changed from inside. Plus `runInContainer`, the
 * one-call API for tests, and `guestForFile`, one guest for a test file.
 */
import { after, before } from "node:test";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { Container, type Bind } from "./container.ts";
import type { Exec } from "./exec.ts";

export const REPO = resolve(import.meta.dirname, "..", "..");
export const GUEST_DIR = "/opt/system-manager";
/** The CLI inside the guest. */
export const CLI = `node ${GUEST_DIR}/bin/system-manager.js`;

export function projectBinds(): Bind[] {
  const parts = ["dist", "bin", "src", "node_modules", "examples", "package.json"];
  for (const p of parts) if (!existsSync(join(REPO, p))) throw new Error(`${join(REPO, p)} is missing: run \`npm run build\` first`);
  return parts.map((p) => ({ host: join(REPO, p), guest: `${GUEST_DIR}/${p}` }));
}

/** Why the end-to-end tests cannot run here, or undefined when they can. */
export function e2eSkipReason(): string | undefined {
  if (process.platform !== "linux") return "end-to-end tests need Linux (systemd-nspawn)";
  if (process.getuid?.() !== 0) return "end-to-end tests need root (overlay mounts and systemd-nspawn); run `sudo npm run test:e2e`";
  return undefined;
}

export function bootProject(): Promise<Container> {
  return Container.boot({ binds: projectBinds() });
}

/** Boots a guest with the project in it before the file's tests (unless `skip` says why not), hands it to `use`, and powers it off after them. */
export function guestForFile(skip: string | undefined, use: (guest: Container) => void): void {
  let guest: Container | undefined;
  before(async () => {
    if (skip === undefined) use((guest = await bootProject()));
  });
  after(async () => {
    await guest?.shutdown();
  });
}

export interface ContainerRun extends Exec {
  readonly bootState: string;
  readonly journal: string;
  readonly changedFiles: readonly string[];
}

/** Boots a fresh guest with the project in it, runs `script` as root, collects what happened, powers off. */
export async function runInContainer(script: string, opts: { timeoutMs?: number } = {}): Promise<ContainerRun> {
  const c = await bootProject();
  try {
    const r = await c.run(script, opts);
    return { ...r, bootState: c.bootState, journal: await c.journal(), changedFiles: c.changedFiles() };
  } finally {
    await c.shutdown();
  }
}
