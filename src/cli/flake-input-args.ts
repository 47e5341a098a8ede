/**
 * The flake-input options' names, help text and parsing
 * (--override-input's pairs), apart from flake-args.ts's fetching so that
 * `eval`'s bundle on its own (dist/eval-cli.cjs) can parse them without
 * loading the flake machinery.
 */
import { UserError } from "../diagnostics/user-error.ts";

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

/** Takes `--override-input NAME URL` pairs out of argv (parseArgs takes one value per option). */
export function takeOverrides(argv: readonly string[], command: string, program = "system-manager"): { argv: string[]; overrides: [string, string][] } {
  const rest: string[] = [];
  const overrides: [string, string][] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (a !== "--override-input") {
      rest.push(a);
      continue;
    }
    const name = argv[i + 1];
    const url = argv[i + 2];
    if (name === undefined || url === undefined || name.startsWith("--") || url.startsWith("--")) {
      throw new UserError(`Cannot parse arguments of '${command}': option '--override-input' takes two arguments, NAME and URL\nRun '${program} ${command} --help' for usage.`);
    }
    overrides.push([name, url]);
    i += 2;
  }
  return { argv: rest, overrides };
}

export const FLAKE_INPUT_HELP = `Flake inputs (as Nix): --override-input NAME URL (a/b for a nested input;
implies --no-write-lock-file), --update-input NAME, --offline (only cached
inputs), --refresh (resolve branches again), --no-write-lock-file,
--recreate-lock-file. Fetched inputs are stored in the store under --root.
`;
