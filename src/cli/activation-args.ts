/**
 * The arguments of an activation, as the CLI's hidden `activate` (what
 * --sudo runs as root) and the engine's `activate` take them:
 * `--root DIR (--store-path P [--generation N] | --nothing) [--dry-run]`,
 * parsed in one place, and written back by `activationArgs`.
 */
import { UserError } from "../diagnostics/user-error.ts";
import type { ActivationTarget } from "../activate/activate.ts";
import { checkRoot } from "./check-root.ts";

export const ACTIVATION_OPTIONS = {
  root: { type: "string", default: "/" },
  "store-path": { type: "string" },
  generation: { type: "string" },
  nothing: { type: "boolean" },
  "dry-run": { type: "boolean" },
} as const;

interface Values {
  readonly root?: string | boolean;
  readonly "store-path"?: string | boolean;
  readonly generation?: string | boolean;
  readonly nothing?: string | boolean;
  readonly "dry-run"?: string | boolean;
}

export interface Activation {
  readonly root: string;
  readonly target: ActivationTarget;
  readonly dryRun: boolean;
}

export function parseActivation(values: Values, cwd: string): Activation {
  const root = checkRoot(String(values.root ?? "/"), cwd);
  const path = values["store-path"];
  if ((path === undefined) === (values.nothing !== true)) throw new UserError("Supply either --store-path P or --nothing.");
  const gen = values.generation;
  if (gen !== undefined && !/^[1-9][0-9]*$/.test(String(gen))) throw new UserError(`Cannot use '${String(gen)}' as a generation number: expected a positive whole number`);
  const target = path === undefined ? "nothing" : { storePath: String(path), generation: gen === undefined ? undefined : Number(gen) };
  return { root, target, dryRun: values["dry-run"] === true };
}

/** The arguments `parseActivation` reads back as `a`. */
export function activationArgs(a: Activation): string[] {
  const args = ["--root", a.root];
  if (a.dryRun) args.push("--dry-run");
  if (a.target === "nothing") args.push("--nothing");
  else args.push("--store-path", a.target.storePath, ...(a.target.generation === undefined ? [] : ["--generation", String(a.target.generation)]));
  return args;
}
