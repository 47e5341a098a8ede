/**
 * From a fleet's nodes as written (each attribute with where it is
 * written) to typed hosts, deploy-rs's names where they fit:
 *   deploy.nodes.<name> = { hostname = "web1.example.org"; sshUser = "root";
 *     sshOpts = [ "-i" "~/.ssh/fleet" ]; configuration = "web";
 *     canary = true; healthCheck = "curl -fsS http://localhost/"; sudo = false;
 *     autoRollback = true; };
 * `hostname` is required ([host][:port], as --target-host without the
 * user); `configuration` defaults to the node's name. Every problem
 * (unknown attribute, wrong type, missing hostname, two nodes on one
 * host) is collected, located, and reported once.
 */
import { UserError, UserErrors } from "../diagnostics/user-error.ts";
import type { Span } from "../diagnostics/location.ts";
import { parseTarget, targetName } from "../remote/target.ts";
import type { FleetHost } from "./fleet-host.ts";

/** An attribute's value, read without building (a string, boolean, list of strings, or something else). */
export interface Written {
  readonly value: unknown;
  readonly where?: Span;
}

export interface NodeInput {
  readonly name: string;
  readonly attrs: ReadonlyMap<string, Written>;
  readonly where?: Span;
}

const KNOWN = ["hostname", "sshUser", "sshOpts", "configuration", "canary", "healthCheck", "sudo", "autoRollback"] as const;

/** The hosts `nodes` define, with `sshOptions` (the command line's --ssh-option) before each node's sshOpts. */
export function parseFleet(nodes: readonly NodeInput[], sshOptions: readonly string[] = [], what = "deploy.nodes"): FleetHost[] {
  const errors: UserError[] = [];
  const hosts: FleetHost[] = [];
  for (const node of nodes) {
    const at = `${what}.${node.name}`;
    const fail = (message: string, where: Span | undefined) => void errors.push(new UserError(message, where ?? node.where));
    for (const [key, w] of node.attrs) {
      if (!(KNOWN as readonly string[]).includes(key)) fail(`${at}.${key}: unknown attribute (known: ${KNOWN.join(", ")})`, w.where);
    }
    const str = (key: string): string | undefined => {
      const w = node.attrs.get(key);
      if (w === undefined) return undefined;
      if (typeof w.value === "string" && w.value !== "") return w.value;
      return fail(`${at}.${key}: expected a non-empty string, got ${shown(w.value)}`, w.where);
    };
    const bool = (key: string): boolean | undefined => {
      const w = node.attrs.get(key);
      if (w === undefined || typeof w.value === "boolean") return w?.value as boolean | undefined;
      return fail(`${at}.${key}: expected true or false, got ${shown(w.value)}`, w.where);
    };
    const opts = node.attrs.get("sshOpts");
    let sshOpts: string[] = [];
    if (opts !== undefined) {
      if (Array.isArray(opts.value) && opts.value.every((o) => typeof o === "string")) sshOpts = opts.value as string[];
      else fail(`${at}.sshOpts: expected a list of strings, got ${shown(opts.value)}`, opts.where);
    }
    const hostname = str("hostname");
    const user = str("sshUser");
    const configuration = str("configuration") ?? node.name;
    const canary = bool("canary") ?? false;
    const sudo = bool("sudo");
    const autoRollback = bool("autoRollback") ?? true;
    const healthCheck = str("healthCheck");
    if (!node.attrs.has("hostname")) fail(`${at}: no hostname: say where it is reached (hostname = "host" or "host:port")`, node.where);
    if (hostname === undefined) continue;
    if (hostname.includes("@")) {
      fail(`${at}.hostname: '${hostname}' names a user: give it as sshUser`, node.attrs.get("hostname")?.where);
      continue;
    }
    try {
      const target = parseTarget(user === undefined ? hostname : `${user}@${hostname}`, [...sshOptions, ...sshOpts]);
      hosts.push({ name: node.name, target, configuration, canary, autoRollback, ...(healthCheck === undefined ? {} : { healthCheck }), ...(sudo === undefined ? {} : { sudo }), ...(node.where === undefined ? {} : { where: node.where }) });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      fail(`${at}.hostname: ${e.message}`, node.attrs.get("hostname")?.where);
    }
  }
  const seen = new Map<string, string>();
  for (const h of hosts) {
    const key = `${h.target.host}:${h.target.port ?? 22}`;
    const other = seen.get(key);
    if (other !== undefined) errors.push(new UserError(`${what}.${h.name}: the same host as ${what}.${other} (${targetName(h.target)}): a host is deployed once`, h.where));
    else seen.set(key, h.name);
  }
  if (nodes.length === 0) errors.push(new UserError(`${what} defines no hosts`));
  if (errors.length === 1) throw errors[0] as UserError;
  if (errors.length > 1) throw new UserErrors(errors);
  return hosts;
}

function shown(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a set";
  return typeof v === "string" ? `"${v}"` : String(v);
}
