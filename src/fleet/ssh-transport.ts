/**
 * The fleet transport over OpenSSH, built on ../remote/: the copy is
 * push-closure.ts's (one probe, one tar stream of what the host lacks),
 * which also finds how writes run there (sudo or not) and holds a
 * temporary GC root there, held again right before the activation
 * (push-closure.ts's holdClosure: the copy's connection may have ended
 * while the host waited its turn) until it is done; the engine runs
 * through run-remote.ts, its output passed on a line at a time after the
 * host's name; reading the current generation and the health check are
 * the scripts of remote-scripts.ts, run as the login. A rollback runs
 * the previous generation's own engine with `activate --store-path P
 * --generation N`, as `rollback` does on the host itself.
 */
import { UserError } from "../diagnostics/user-error.ts";
import { ENGINE_BIN } from "../build/engine-store-paths.ts";
import { activationArgs } from "../cli/activation-args.ts";
import { holdClosure, pushClosure } from "../remote/push-closure.ts";
import { remoteScript, sshCommand, type Privilege, type RemoteSession } from "../remote/remote-session.ts";
import { runRemote } from "../remote/run-remote.ts";
import { releaseGcRoot } from "../remote/remote-gc-root.ts";
import type { Runner } from "../remote/runner.ts";
import { sshError } from "../remote/ssh-error.ts";
import { targetName } from "../remote/target.ts";
import type { FleetHost } from "./fleet-host.ts";
import type { CurrentGeneration, FleetTransport } from "./fleet-transport.ts";
import { healthOf } from "./health-answer.ts";
import { CURRENT_SCRIPT, HEALTH_SCRIPT } from "./remote-scripts.ts";

export interface SshTransportOptions {
  readonly runner: Runner;
  /** The root whose store holds the generations here. */
  readonly localRoot: string;
  /** --sudo (a node's own `sudo` wins), with the password given. */
  readonly sudo: boolean;
  readonly sudoPassword?: string;
  /** Seconds the units are given to settle before the health check. */
  readonly settleSeconds: number;
  readonly say: (text: string) => void;
}

/** Calls `write` with each whole line of the text given, after `prefix`; `flush` writes what is left. */
function prefixed(prefix: string, write: (line: string) => void) {
  let rest = "";
  const lines: string[] = [];
  return {
    add(text: string) {
      const parts = (rest + text).split("\n");
      rest = parts.pop() as string;
      for (const p of parts) write(`${prefix}${p}\n`), lines.push(p);
    },
    /** The last lines, for a failure's reason. */
    tail(): string {
      if (rest !== "") write(`${prefix}${rest}\n`), lines.push(rest), (rest = "");
      return lines.map((l) => l.trim()).filter((l) => l !== "").slice(-2).join(" / ");
    },
  };
}

export function sshTransport(o: SshTransportOptions): FleetTransport {
  const privileges = new Map<FleetHost, Privilege>();
  const engines = new Map<FleetHost, string>();
  /** The temporary GC roots on each host (the copy's, the hold's), released after its activation (remote-gc-root.ts). */
  const gcRoots = new Map<FleetHost, Set<string>>();
  const keep = (h: FleetHost, root: string | undefined) => void (root !== undefined && gcRoots.set(h, (gcRoots.get(h) ?? new Set()).add(root)));
  const session = (h: FleetHost): RemoteSession => ({ target: h.target, root: "/", runner: o.runner, sudo: (h.sudo ?? o.sudo) ? (o.sudoPassword === undefined ? {} : { password: o.sudoPassword }) : false });
  const engineRun = async (h: FleetHost, argv: readonly string[]) => {
    const out = prefixed(`${h.name} | `, o.say);
    const code = await runRemote(session(h), privileges.get(h) ?? "none", argv, { stdout: (t) => out.add(t), stderr: (t) => out.add(t) });
    return { code, tail: out.tail() };
  };
  return {
    async copy(h, g) {
      const pushed = await pushClosure(session(h), o.localRoot, g.storePath, (line) => o.say(line.replace(targetName(h.target), h.name)));
      privileges.set(h, pushed.privilege);
      keep(h, pushed.gcRoot);
      return { paths: pushed.paths, bytes: pushed.bytes, present: pushed.present };
    },
    async hold(h, g) {
      keep(h, await holdClosure(session(h), privileges.get(h) ?? "none", o.localRoot, g.storePath));
    },
    async current(h) {
      const s = session(h);
      const out = await o.runner({ argv: sshCommand(s, remoteScript(CURRENT_SCRIPT, [s.root])) });
      if (out.code !== 0) throw sshError(h.target, out, "read its current generation");
      return currentOf(out.stdout, targetName(h.target));
    },
    async activate(h, g) {
      if (g.engine === null) throw new UserError(`Cannot activate ${g.storePath} on ${h.name}: the generation carries no activation engine; build it again`);
      engines.set(h, g.engine);
      try {
        return await engineRun(h, [`${g.engine}/${ENGINE_BIN}`, "activate", ...activationArgs({ root: "/", target: { storePath: g.storePath }, dryRun: false })]);
      } finally {
        const roots = gcRoots.get(h) ?? new Set<string>();
        gcRoots.delete(h);
        for (const root of roots) await releaseGcRoot(session(h), privileges.get(h) ?? "none", root);
      }
    },
    async health(h, units) {
      const s = session(h);
      const out = await o.runner({ argv: sshCommand(s, remoteScript(HEALTH_SCRIPT, [String(o.settleSeconds), h.healthCheck ?? "", ...units])) });
      if (out.code !== 0) throw sshError(h.target, out, "check its health");
      return healthOf(out.stdout, h.healthCheck);
    },
    async rollback(h, previous) {
      const engine = previous.engine ?? engines.get(h);
      if (engine === undefined) throw new UserError(`Cannot roll ${h.name} back: generation ${previous.number} carries no engine`);
      return engineRun(h, [`${engine}/${ENGINE_BIN}`, "activate", ...activationArgs({ root: "/", target: { storePath: previous.storePath, generation: previous.number }, dryRun: false })]);
    },
  };
}

/** CURRENT_SCRIPT's answer: none, or the generation's number, path, engine and units. */
export function currentOf(stdout: string, host: string): CurrentGeneration | null {
  if (stdout.startsWith("none\n")) return null;
  const m = /^generation system-([0-9]+)-link (\/\S+)\nmanifest\n/.exec(stdout);
  if (m === null) throw new UserError(`Cannot read the current generation of ${host}: it answered '${stdout.slice(0, 80)}'`);
  let manifest: { engine?: unknown; units?: Record<string, { sha256?: unknown }> };
  try {
    manifest = JSON.parse(stdout.slice(m[0].length)) as typeof manifest;
  } catch {
    throw new UserError(`Cannot read the current generation of ${host}: ${m[2] as string}/manifest.json is not JSON`);
  }
  const units = Object.fromEntries(Object.entries(manifest.units ?? {}).map(([name, u]) => [name, { sha256: String(u.sha256 ?? "") }]));
  return { number: Number(m[1]), storePath: m[2] as string, engine: typeof manifest.engine === "string" ? manifest.engine : null, units };
}
