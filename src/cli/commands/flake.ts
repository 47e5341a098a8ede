/**
 * `system-manager flake lock|update|metadata`, as Nix's `nix flake`:
 * lock writes flake.lock for the inputs that lack an entry (changing no
 * other); update [INPUT…] locks the named inputs (all without names)
 * afresh; metadata prints the flake's URLs, revision, last modification
 * and its inputs. The flake is --flake DIR or the positional FLAKE
 * (default "."); fetched inputs go into the store under --root.
 */
import { resolve } from "node:path";
import { UserError } from "../../diagnostics/user-error.ts";
import type { Io } from "../io.ts";
import { parseCommandArgs } from "../parse-args.ts";
import { checkRoot } from "../check-root.ts";
import { FLAKE_INPUT_HELP, FLAKE_INPUT_OPTIONS, flakeLockOptions, takeOverrides } from "../flake-args.ts";

const HELP = `Usage: system-manager flake lock [FLAKE] [--flake DIR] [--root DIR]
       system-manager flake update [INPUT…] [--flake DIR] [--root DIR]
       system-manager flake metadata [FLAKE] [--flake DIR] [--root DIR]

lock      creates or completes flake.lock: inputs without an entry are locked
update    locks the INPUTs named (all of them without names) afresh
metadata  prints the flake's URLs, revision, last modification and inputs

FLAKE (or --flake DIR) defaults to the current directory.
github:numtide/system-manager is this tool, built in and not locked;
nixpkgs and home-manager are fetched and locked, and only when they
cannot be fetched (offline, no network) do built-in ones stand in.

${FLAKE_INPUT_HELP}`;

/** The options of flake's subcommands, and the subcommands (shell completion reads them too). */
export const FLAKE_OPTIONS = { ...FLAKE_INPUT_OPTIONS, flake: { type: "string" }, root: { type: "string", default: "/" }, impure: { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;
export const FLAKE_SUBCOMMANDS = ["lock", "update", "metadata"] as const;

export async function flakeCommand(argv: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest0] = argv;
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    io.stdout(HELP);
    return sub === undefined ? 1 : 0;
  }
  if (sub !== "lock" && sub !== "update" && sub !== "metadata") throw new UserError(`Cannot run 'flake ${sub}': there is no such subcommand. Subcommands: ${FLAKE_SUBCOMMANDS.join(", ")}`);
  const { argv: rest, overrides } = takeOverrides(rest0, `flake ${sub}`);
  const { values, positionals } = parseCommandArgs(
    `flake ${sub}`,
    rest,
    FLAKE_OPTIONS,
    sub === "update" ? Number.MAX_SAFE_INTEGER : 1,
  );
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const { splitFlakeArg } = await import("../../flake/flake-ref.ts");
  const arg = values.flake ?? (sub === "update" ? undefined : positionals[0]) ?? ".";
  const dir = resolve(io.cwd, splitFlakeArg(arg).dir);
  const root = checkRoot(values.root as string, io.cwd);
  const opts = await flakeLockOptions({ ...values, overrideInput: overrides }, io, root);
  const lockOpts = sub === "update" ? { ...opts, recreate: positionals.length === 0, updates: new Set([...opts.updates, ...positionals]) } : opts;
  const { flakeEvaluation } = await import("../../flake/flake-system.ts");
  const { lockFlakeAt } = await import("../../flake/locked-flake.ts");
  const { ctx } = flakeEvaluation({ warn: (w) => io.stderr(`warning: ${w}\n`), impure: values.impure === true });
  const { resolution } = await lockFlakeAt(dir, ctx, lockOpts);
  if (sub === "metadata") {
    const { flakeMetadata } = await import("../../flake/flake-metadata.ts");
    const { readFlakeFile } = await import("../../flake/flake-file.ts");
    const { selfSourceInfo } = await import("../../flake/self-info.ts");
    const flake = readFlakeFile(dir, ctx);
    io.stdout(flakeMetadata(flake, selfSourceInfo(flake.dir), resolution));
  }
  return 0;
}
