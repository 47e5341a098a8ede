/**
 * What a deployment does to one host, as the orchestration (deploy-fleet.ts)
 * sees it: injected, so tests run a fleet without ssh; ssh-transport.ts is
 * the real one (over ../remote/). Each step names the host; a step that
 * cannot run (ssh refused, a target without tar) rejects with a UserError,
 * whose message becomes the host's result.
 */
import type { FleetHost } from "./fleet-host.ts";

/** A generation as built here: its store path, its engine's, and its units' hashes (what a switch to it may change). */
export interface BuiltGeneration {
  readonly storePath: string;
  readonly engine: string | null;
  readonly units: Readonly<Record<string, { readonly sha256: string; readonly masked: boolean }>>;
}

/** The generation current on a host before the deployment: what it is rolled back to. */
export interface CurrentGeneration {
  readonly number: number;
  readonly storePath: string;
  readonly engine: string | null;
  readonly units: Readonly<Record<string, { readonly sha256: string }>>;
}

export interface Copied {
  readonly paths: number;
  readonly bytes: number;
  /** The closure's paths the host had already. */
  readonly present: number;
}

export type Health = { readonly ok: true; readonly note?: string } | { readonly ok: false; readonly reason: string };

export interface FleetTransport {
  /** Puts the generation's closure in the host's store (only what it lacks). */
  copy(host: FleetHost, generation: BuiltGeneration): Promise<Copied>;
  /** Right before the activation: the generation's closure is still whole on the host, and kept from its gc until the activation ends. */
  hold(host: FleetHost, generation: BuiltGeneration): Promise<void>;
  /** The host's current generation, or null when none is. */
  current(host: FleetHost): Promise<CurrentGeneration | null>;
  /** Activates the generation there with its engine; its exit status and the last lines it printed. */
  activate(host: FleetHost, generation: BuiltGeneration): Promise<{ readonly code: number; readonly tail: string }>;
  /** systemd's state, the units named (switched by the activation), and the host's own health check. */
  health(host: FleetHost, units: readonly string[]): Promise<Health>;
  /** Activates `previous` again (what `rollback` does there); its exit status and the last lines it printed. */
  rollback(host: FleetHost, previous: CurrentGeneration): Promise<{ readonly code: number; readonly tail: string }>;
}
