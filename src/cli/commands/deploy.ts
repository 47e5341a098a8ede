/**
 * `system-manager deploy`: a fleet (a flake's `deploy.nodes`, see
 * ../../fleet/parse-fleet.ts) deployed over OpenSSH. Each distinct
 * configuration is built once, here, into the staging store (as the
 * calling user); every chosen host gets its generation's closure (only
 * what it lacks, at most --parallel hosts at once); then the staged
 * rollout activates canaries one at a time and the rest --parallel at a
 * time (a finished host frees its place for the next), checks each host's
 * health and rolls a failed host back, starting no further host after the
 * first failure (../../fleet/deploy-fleet.ts). A table of
 * the hosts' results ends it; the exit status is 1 if any host failed.
 * --dry-run builds and prints the plan, and touches no host.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../../diagnostics/user-error.ts";
import type { Io } from "../io.ts";
import { parseCommandArgs } from "../parse-args.ts";
import { stagingRoot } from "../privileges.ts";
import { expandHome } from "../default-flake.ts";
import { takeFlagValues } from "../remote-args.ts";

const HELP = `Usage: system-manager deploy [--flake DIR] [--on HOST[,HOST]...] [--parallel N] [--sudo] [--ask-sudo-password]
         [--ssh-option OPT]... [--settle SECONDS] [--dry-run] [--impure] [--no-eval-cache]

Deploys the fleet the flake defines as deploy.nodes.<name> = { hostname;
sshUser; sshOpts; configuration; canary; healthCheck; sudo; autoRollback; }:
builds each distinct systemConfigs.<configuration> once, here; copies each
host's closure (what it lacks) over ssh, --parallel hosts at once (default
4); then activates canary hosts one at a time, and the others --parallel
at a time, the next starting as soon as one finishes. After each
activation, the host's health: systemd's state
(running, or degraded only by units this deploy did not change), the units
it changed (none failed), and the node's healthCheck command (exit status
0). A host that fails is activated back to its previous generation, and no
further host is activated (those already activating finish). A table of results ends it; exit 1 if any failed.
  --flake DIR      the flake (default: ~/.config/system-manager)
  --on H1,H2       only these nodes
  --settle S       seconds units are given to settle before the check (default 2)
  --dry-run        build, and print which host gets which generation in which stage
`;

/** deploy's options, as its parser reads them after --ssh-option is taken out (takeFlagValues). */
const OPTIONS = {
  flake: { type: "string" },
  on: { type: "string" },
  parallel: { type: "string" },
  settle: { type: "string" },
  sudo: { type: "boolean" },
  "dry-run": { type: "boolean" },
  impure: { type: "boolean" },
  "no-eval-cache": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** deploy's options; shell completion reads them. */
export const DEPLOY_OPTIONS = { ...OPTIONS, "ssh-option": { type: "string", multiple: true } } as const;

export async function deploy(argv: readonly string[], io: Io): Promise<number> {
  // --ssh-option's value is the next argument whatever it looks like (`--ssh-option -i`), as with --target-host.
  const { rest, values: taken } = takeFlagValues(argv, "deploy", ["ssh-option"]);
  const sshOptions = taken.get("ssh-option") as string[];
  const { values } = parseCommandArgs("deploy", rest, OPTIONS);
  if (values.help === true) {
    io.stdout(HELP);
    return 0;
  }
  const { chooseHosts, parseParallel } = await import("../../fleet/rollout-plan.ts");
  const parallel = parseParallel(values.parallel, 4);
  if (!/^[0-9]{1,3}$/.test(values.settle ?? "2")) throw new UserError(`Cannot use '${values.settle ?? ""}' as --settle: expected whole seconds (0 to 999)`);
  const settle = Number(values.settle ?? "2");
  const dir = expandHome(values.flake ?? "~/.config/system-manager", io);
  if (dir.includes("#")) throw new UserError(`Cannot use '${dir}' as deploy's --flake: give the flake's directory; each node names its configuration`);
  const root = stagingRoot(io);
  mkdirSync(root, { recursive: true });
  const { readFlakeFleet } = await import("../../fleet/read-flake-fleet.ts");
  const hosts = chooseHosts(await readFlakeFleet(dir, {}, io, root, sshOptions), values.on);
  const generations = await buildEach([...new Set(hosts.map((h) => h.configuration))], dir, values, root, io);
  const { deployFleet } = await import("../../fleet/deploy-fleet.ts");
  const { sshTransport } = await import("../../fleet/ssh-transport.ts");
  const { processRunner } = await import("../../remote/runner.ts");
  const transport = sshTransport({ runner: processRunner, localRoot: root, sudo: values.sudo === true, ...(io.sudoPassword === undefined ? {} : { sudoPassword: io.sudoPassword }), settleSeconds: settle, say: io.stderr });
  // One ssh connection per host for the whole deployment (../../remote/ssh-master.ts: a socket per host in one private directory).
  const { multiplexOptions } = await import("../../remote/ssh-master.ts");
  const { sshArgs } = await import("../../remote/target.ts");
  const sockets = mkdtempSync(join(tmpdir(), "sm-ssh-"));
  const shared = hosts.map((h) => ({ ...h, target: { ...h.target, sshOptions: [...h.target.sshOptions, ...multiplexOptions(sockets)] } }));
  let results: Awaited<ReturnType<typeof deployFleet>>;
  try {
    results = await deployFleet({ hosts: shared, generations, transport, parallel, dryRun: values["dry-run"] === true, say: io.stderr });
  } finally {
    await Promise.all(shared.map((h) => processRunner({ argv: ["ssh", "-O", "exit", ...sshArgs(h.target)] }).catch(() => undefined)));
    rmSync(sockets, { recursive: true, force: true });
  }
  const { resultsTable, succeeded } = await import("../../fleet/host-result.ts");
  io.stdout(resultsTable(results));
  return results.every(succeeded) ? 0 : 1;
}

/** Builds each configuration once; its generation's path, engine and units, by configuration name. */
async function buildEach(configurations: readonly string[], dir: string, values: { impure?: boolean; "no-eval-cache"?: boolean }, root: string, io: Io) {
  const { buildConfig } = await import("./build.ts");
  const { readManifest } = await import("../../activate/read-manifest.ts");
  const { RootFs } = await import("../../activate/root-fs.ts");
  const built = new Map<string, import("../../fleet/fleet-transport.ts").BuiltGeneration>();
  for (const c of configurations) {
    io.stderr(`building systemConfigs.${c}\n`);
    const storePath = await buildConfig({ flake: `${dir}#${c}`, impure: values.impure === true, "no-eval-cache": values["no-eval-cache"] === true }, root, io);
    const m = readManifest(new RootFs(root), storePath);
    built.set(c, { storePath, engine: m.engine, units: Object.fromEntries(Object.entries(m.units).map(([n, u]) => [n, { sha256: u.sha256, masked: u.masked }])) });
  }
  return built;
}
