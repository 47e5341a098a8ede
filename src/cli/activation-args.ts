/**
 * The arguments of an activation, as the CLI's hidden `activate` (what
 * --sudo runs as root) and the engine's `activate` take them:
 * `--root DIR (--store-path P [--generation N] | --nothing) [--dry-run]
 * [--ephemeral] [--pre-populate | --register]`, parsed in one place, and
 * written back by `activationArgs`. `--pre-populate` puts the generation
 * in place without touching units; `--register` only makes it the
 * current generation (../activate/register.ts); `--ephemeral` writes
 * /etc's entries under /run (../activate/ephemeral-paths.ts).
 */
import { UserError } from "../diagnostics/user-error.ts";
import type { ActivationTarget } from "../activate/activate.ts";
import { checkRoot } from "./check-root.ts";
import { parseGenerationNumber } from "../activate/generations.ts";

export const ACTIVATION_OPTIONS = {
  root: { type: "string", default: "/" },
  "store-path": { type: "string" },
  generation: { type: "string" },
  nothing: { type: "boolean" },
  "dry-run": { type: "boolean" },
  ephemeral: { type: "boolean" },
  "pre-populate": { type: "boolean" },
  register: { type: "boolean" },
} as const;

interface Values {
  readonly root?: string | boolean;
  readonly "store-path"?: string | boolean;
  readonly generation?: string | boolean;
  readonly nothing?: string | boolean;
  readonly "dry-run"?: string | boolean;
  readonly ephemeral?: string | boolean;
  readonly "pre-populate"?: string | boolean;
  readonly register?: string | boolean;
}

/** What an activation does with its target: activate it (switch), put it in place only, or only register it. */
export type ActivationMode = "activate" | "pre-populate" | "register";

export interface Activation {
  readonly root: string;
  readonly target: ActivationTarget;
  readonly dryRun: boolean;
  /** Default: "activate". */
  readonly mode?: ActivationMode;
  readonly ephemeral?: boolean;
}

export function parseActivation(values: Values, cwd: string): Activation {
  const root = checkRoot(String(values.root ?? "/"), cwd);
  const path = values["store-path"];
  if ((path === undefined) === (values.nothing !== true)) throw new UserError("Supply either --store-path P or --nothing.");
  const gen = values.generation === undefined ? undefined : parseGenerationNumber(String(values.generation));
  const target = path === undefined ? "nothing" : { storePath: String(path), generation: gen };
  if (values["pre-populate"] === true && values.register === true) throw new UserError("Supply at most one of --pre-populate and --register.");
  const mode: ActivationMode = values["pre-populate"] === true ? "pre-populate" : values.register === true ? "register" : "activate";
  if (mode !== "activate" && target === "nothing") throw new UserError(`Cannot use --${mode} with --nothing: it needs a generation (--store-path P).`);
  if (values.ephemeral === true && (target === "nothing" || mode === "register")) throw new UserError("Cannot use --ephemeral here: it applies to activating or pre-populating a generation.");
  return { root, target, dryRun: values["dry-run"] === true, mode, ephemeral: values.ephemeral === true };
}

/** The arguments `parseActivation` reads back as `a`; the new flags only when set, so an older engine is given what it knows. */
export function activationArgs(a: Activation): string[] {
  const args = ["--root", a.root];
  if (a.dryRun) args.push("--dry-run");
  if (a.target === "nothing") args.push("--nothing");
  else args.push("--store-path", a.target.storePath, ...(a.target.generation === undefined ? [] : ["--generation", String(a.target.generation)]));
  if (a.mode !== undefined && a.mode !== "activate") args.push(`--${a.mode}`);
  if (a.ephemeral === true) args.push("--ephemeral");
  return args;
}
