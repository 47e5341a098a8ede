/**
 * The flake-input options' names, help text and parsing
 * (--override-input's pairs), apart from flake-args.ts's fetching so that
 * `eval`'s bundle on its own (dist/eval-cli.cjs) can parse them without
 * loading the flake machinery.
 */
import { takePairs } from "./pair-args.ts";

export const FLAKE_INPUT_OPTIONS = {
  "update-input": { type: "string", multiple: true },
  offline: { type: "boolean" },
  refresh: { type: "boolean" },
  "no-write-lock-file": { type: "boolean" },
  "recreate-lock-file": { type: "boolean" },
} as const;

export interface FlakeInputArgs {
  readonly "update-input"?: readonly string[];
  readonly offline?: boolean;
  readonly refresh?: boolean;
  readonly "no-write-lock-file"?: boolean;
  readonly "recreate-lock-file"?: boolean;
  /** --override-input pairs, taken out of argv before parsing. */
  readonly overrideInput?: readonly (readonly [string, string])[];
}

/** The flake-input option that takes two values (pair-args.ts). */
export const OVERRIDE_PAIRS = { "override-input": ["NAME", "URL"] } as const;

/** Takes `--override-input NAME URL` pairs out of argv (parseArgs takes one value per option). */
export function takeOverrides(argv: readonly string[], command: string, program = "system-manager"): { argv: string[]; overrides: [string, string][] } {
  const { argv: rest, pairs } = takePairs(argv, OVERRIDE_PAIRS, command, program);
  return { argv: rest, overrides: pairs.map((p) => [p.name, p.value]) };
}

export const FLAKE_INPUT_HELP = `Flake inputs (as Nix): --override-input NAME URL (a/b for a nested input;
implies --no-write-lock-file), --update-input NAME, --offline (only cached
inputs), --refresh (resolve branches again), --no-write-lock-file,
--recreate-lock-file. Fetched inputs are stored in the store under --root.
`;
