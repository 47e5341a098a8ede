/**
 * A flake's fleet, read without building anything: its `deploy.nodes`
 * output (parse-fleet.ts says what a node holds), each attribute forced
 * only as deep as a string, boolean or list of strings, with where it is
 * written; and each node's configuration checked against the flake's
 * `systemConfigs` (`<system>.<name>` or `<name>`, as the build finds it).
 */
import { resolve } from "node:path";
import { UserError, UserErrors } from "../diagnostics/user-error.ts";
import { force, isString, NixAttrs, stringText, type Lazy, type Value } from "../nix/value.ts";
import type { Io } from "../cli/io.ts";
import type { FlakeInputArgs } from "../cli/flake-args.ts";
import { hostSystem } from "../cli/host.ts";
import { parseFleet, type NodeInput, type Written } from "./parse-fleet.ts";
import type { FleetHost } from "./fleet-host.ts";

/** A value as parse-fleet.ts reads it: strings as text, lists of them as arrays, anything else as a marker of its kind. */
function plain(v: Lazy): unknown {
  const x: Value = force(v);
  if (isString(x)) return stringText(x);
  if (Array.isArray(x)) return x.map((e) => {
    const y = force(e);
    return isString(y) ? stringText(y) : y instanceof NixAttrs ? {} : y;
  });
  return x instanceof NixAttrs ? {} : x;
}

export async function readFlakeFleet(dir: string, args: FlakeInputArgs, io: Io, storeRoot: string, sshOptions: readonly string[]): Promise<FleetHost[]> {
  const { flakeEvaluation } = await import("../flake/flake-system.ts");
  const { loadLockedFlake } = await import("../flake/locked-flake.ts");
  const { flakeLockOptions } = await import("../cli/flake-args.ts");
  const { ctx, root } = flakeEvaluation({ warn: (w: string) => io.stderr(`warning: ${w}\n`) });
  const flake = resolve(io.cwd, dir);
  const { outputs } = await loadLockedFlake(flake, ctx, await flakeLockOptions(args, io, storeRoot));
  root.outputs = outputs;
  const deploy = outputs.has("deploy") ? force(outputs.lazy("deploy") as Lazy) : undefined;
  const nodes = deploy instanceof NixAttrs && deploy.has("nodes") ? force(deploy.lazy("nodes") as Lazy) : undefined;
  if (!(nodes instanceof NixAttrs)) throw new UserError(`${flake}/flake.nix has no fleet: define its hosts as the output deploy.nodes.<name> = { hostname = "…"; configuration = "<systemConfigs name>"; }`);
  const inputs: NodeInput[] = nodes.keys().map((name) => {
    const n = force(nodes.lazy(name) as Lazy);
    const where = nodes.posOf(name);
    if (!(n instanceof NixAttrs)) throw new UserError(`deploy.nodes.${name}: expected a set of attributes`, where);
    const attrs = new Map<string, Written>(n.keys().map((k) => {
      const at = n.posOf(k);
      return [k, { value: plain(n.lazy(k) as Lazy), ...(at === undefined ? {} : { where: at }) }];
    }));
    return { name, attrs, ...(where === undefined ? {} : { where }) };
  });
  const configs = outputs.has("systemConfigs") ? force(outputs.lazy("systemConfigs") as Lazy) : undefined;
  const bySystem = configs instanceof NixAttrs && configs.has(hostSystem()) ? force(configs.lazy(hostSystem()) as Lazy) : undefined;
  const has = (name: string) => (configs instanceof NixAttrs && configs.has(name)) || (bySystem instanceof NixAttrs && bySystem.has(name));
  const errors: UserError[] = [];
  for (const node of inputs) {
    const given = node.attrs.get("configuration");
    const name = typeof given?.value === "string" ? given.value : given === undefined ? node.name : undefined;
    if (name !== undefined && !has(name)) errors.push(new UserError(`deploy.nodes.${node.name}: the flake has no systemConfigs.${name}${configs instanceof NixAttrs ? ` (it has: ${configs.keys().join(", ") || "none"})` : ""}`, given?.where ?? node.where));
  }
  let hosts: FleetHost[] = [];
  try {
    hosts = parseFleet(inputs, sshOptions);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    errors.unshift(...(e instanceof UserErrors ? e.errors : [e]));
  }
  if (errors.length === 1) throw errors[0] as UserError;
  if (errors.length > 1) throw new UserErrors(errors);
  return hosts;
}
