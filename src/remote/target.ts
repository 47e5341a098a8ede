/**
 * A host to deploy to over OpenSSH, as `--target-host [user@]host[:port]`
 * names it (an IPv6 address in brackets when a port follows:
 * `[::1]:2222`), with the `--ssh-option` values given: each value is
 * split on whitespace into separate ssh arguments, as upstream's are.
 * Parsed once into a `Target`; what ssh is given (`sshArgs`) never lets
 * a host or user be read as an ssh option.
 */
import { UserError } from "../diagnostics/user-error.ts";

export interface Target {
  readonly user?: string;
  readonly host: string;
  readonly port?: number;
  /** The --ssh-option values, split into arguments. */
  readonly sshOptions: readonly string[];
}

const USER = /^[A-Za-z0-9._][A-Za-z0-9._-]*$/;
const HOST = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const IPV6 = /^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9._-]+)?$/;

function bad(spec: string, why: string): UserError {
  return new UserError(`Cannot use '${spec}' as --target-host: ${why} (expected [user@]host[:port], an IPv6 address in brackets before a port: [::1]:2222)`);
}

function parsePort(spec: string, text: string): number {
  const port = /^[0-9]{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw bad(spec, `'${text}' is not a port (1 to 65535)`);
  return port;
}

/** The target `spec` names, with the ssh options given for it. */
export function parseTarget(spec: string, sshOptions: readonly string[] = []): Target {
  if (spec.trim() === "") throw bad(spec, "it is empty");
  const at = spec.lastIndexOf("@");
  const user = at === -1 ? undefined : spec.slice(0, at);
  if (user !== undefined && !USER.test(user)) throw bad(spec, user === "" ? "the user before '@' is empty" : `'${user}' is not a user name`);
  const rest = spec.slice(at + 1);
  let host: string;
  let port: number | undefined;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(rest);
  if (bracketed !== null) {
    host = bracketed[1] as string;
    if (!IPV6.test(host)) throw bad(spec, `'${host}' in brackets is not an IPv6 address`);
    if (bracketed[2] !== undefined) port = parsePort(spec, bracketed[2]);
  } else if (rest.split(":").length > 2) {
    // Two colons or more: a bare IPv6 address, which can carry no port.
    if (!IPV6.test(rest)) throw bad(spec, `'${rest}' is neither a host name nor an IPv6 address`);
    host = rest;
  } else {
    const colon = rest.indexOf(":");
    host = colon === -1 ? rest : rest.slice(0, colon);
    if (colon !== -1) port = parsePort(spec, rest.slice(colon + 1));
    if (!HOST.test(host)) throw bad(spec, host === "" ? "the host is empty" : `'${host}' is not a host name or address`);
  }
  const options = sshOptions.flatMap((o) => o.split(/\s+/).filter((a) => a !== ""));
  return { ...(user === undefined ? {} : { user }), host, ...(port === undefined ? {} : { port }), sshOptions: options };
}

/** The target as the user named it, for messages: user@host:port. */
export function targetName(t: Target): string {
  const host = t.host.includes(":") && t.port !== undefined ? `[${t.host}]` : t.host;
  return `${t.user === undefined ? "" : `${t.user}@`}${host}${t.port === undefined ? "" : `:${t.port}`}`;
}

/** ssh's arguments up to the remote command: the options given, the port and user, then the host after `--`. */
export function sshArgs(t: Target): string[] {
  return [...t.sshOptions, ...(t.port === undefined ? [] : ["-p", String(t.port)]), ...(t.user === undefined ? [] : ["-l", t.user]), "--", t.host];
}
