/**
 * `system-manager init [PATH] [--no-flake]`: a new configuration in PATH
 * (default ~/.config/system-manager; a leading `~` is the home
 * directory): system.nix and, unless --no-flake, flake.nix (no probe of
 * Nix's flake support: we evaluate flakes ourselves). An existing file is
 * never overwritten: it is left as it is, and said so, as upstream does.
 */
import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Io } from "../io.ts";
import { parseCommandArgs } from "../parse-args.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import { hostSystem } from "../host.ts";
import { FLAKE_NIX, systemNix } from "../init-templates.ts";
import { DEFAULT_FLAKE, expandHome } from "../default-flake.ts";
import { systemError } from "../../diagnostics/system-error.ts";
import { FAULT_REASONS } from "../render-error.ts";

const HELP = `Usage: system-manager init [PATH] [--no-flake]

Writes a new configuration into PATH (default: ~/.config/system-manager),
creating it if needed: system.nix, a module to fill in, and flake.nix,
which makes it systemConfigs.default (not with --no-flake). A file that
exists already is left unchanged. Then:
  system-manager switch --flake PATH --sudo
`;


/** Writes `content` to a new file `file`; when it exists, leaves it and says so. */
function writeNew(file: string, content: string, io: Io): void {
  try {
    writeFileSync(file, content, { flag: "wx", mode: 0o644 });
    io.stderr(`${Buffer.byteLength(content)}B written to '${file}'\n`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw new UserError(`Cannot initialize the configuration at '${file}': ${(e as Error).message}`);
    io.stderr(`'${file}' already exists, leaving it unchanged\n`);
  }
}

/** init's options (shell completion reads them too). */
export const INIT_OPTIONS = { path: { type: "string" }, "no-flake": { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;

export async function init(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs("init", argv, INIT_OPTIONS, 1);
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (values.path !== undefined && positionals.length > 0) throw new UserError("Cannot initialize: supply the path once (as PATH or --path PATH), not both.");
  const given = values.path ?? positionals[0] ?? DEFAULT_FLAKE;
  const dir = resolve(io.cwd, expandHome(given, io));
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "EEXIST" ? "it exists and is not a directory" : (systemError(e) ?? FAULT_REASONS[code ?? ""] ?? (e as Error).message);
    throw new UserError(`Cannot create the configuration directory '${dir}': ${why}`);
  }
  const path = realpathSync(dir);
  io.stderr(`Initializing a new system-manager configuration at '${path}'\n`);
  writeNew(join(path, "system.nix"), systemNix(hostSystem()), io);
  if (values["no-flake"] !== true) writeNew(join(path, "flake.nix"), FLAKE_NIX, io);
  io.stderr(`Configuration '${path}' ready: system-manager switch --flake ${path} --sudo\n`);
  return 0;
}
