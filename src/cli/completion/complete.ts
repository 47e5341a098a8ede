/**
 * What a Tab completes, from the words typed after the program's name
 * (the last one the word being completed, maybe empty): a command, a
 * flag of the command (global flags too), a flag's value (a file, a
 * directory, a flake `DIR#NAME`, one of a few words, a generation number,
 * `--override-input`'s input path) or a positional argument (an option
 * path, a subcommand, generation numbers). `--flag=value` (one word, or
 * bash's three: `--flag`, `=`, `value`) completes the value alone. The
 * answer is a mode and candidates (completion-protocol.ts prints them);
 * what needs an evaluation (flake names, option paths) comes from
 * `sources`, so this is plain logic.
 */
import { flagsOf, type CommandFlags, type Flag } from "./command-flags.ts";

export type Mode = "words" | "nospace" | "files" | "dirs";

export interface Completion {
  readonly mode: Mode;
  readonly candidates: readonly string[];
}

export interface CompletionSources {
  /** The commands offered (hidden ones left out). */
  readonly commands: readonly string[];
  /** The flags taken before or after any command. */
  readonly globalFlags: readonly Flag[];
  /** Flags some commands take, accepted before the command too (--target-host); undefined: none. */
  readonly leadingFlags?: readonly Flag[];
  readonly flagsOf: (command: string) => Promise<CommandFlags | undefined>;
  /** The configurations' names of the flake in `dir` (systemConfigs or homeConfigurations). */
  readonly flakeNames: (dir: string) => Promise<readonly string[]>;
  /** The Nix settings `--option NAME VALUE` (and --nix-option) names. */
  readonly settingNames?: readonly string[];
  /** The option path completions of `prefix` (a set's ending with "."), for the configuration the command's flags name. */
  readonly optionPaths: (prefix: string, flags: ReadonlyMap<string, string>) => Promise<readonly string[]>;
  /** The input paths one level below `prefix`'s (`a/` → `a/b`), of the flake the command's flags name. */
  readonly inputNames?: (prefix: string, flags: ReadonlyMap<string, string>) => Promise<readonly string[]>;
  /** The generation numbers that exist, in the profile the command's flags (--root) name. */
  readonly generationNumbers?: (flags: ReadonlyMap<string, string>) => Promise<readonly string[]>;
}

/** What a flag's value is, by the flag's long name. */
const VALUE_KINDS: Readonly<Record<string, Mode | "flake" | "generation" | readonly string[]>> = {
  flake: "flake",
  generation: "generation",
  config: "files",
  file: "files",
  root: "dirs",
  out: "dirs",
  path: "dirs",
  "store-path": "dirs",
  include: "dirs",
  provider: ["auto", "debian", "nix"],
  "lint-short-path-literals": ["ignore", "warn", "fatal"],
  "lint-absolute-path-literals": ["ignore", "warn", "fatal"],
  "lint-url-literals": ["ignore", "warn", "fatal"],
};

const words = (candidates: readonly string[], prefix: string): Completion => ({ mode: "words", candidates: candidates.filter((c) => c.startsWith(prefix)) });
const NOTHING: Completion = { mode: "words", candidates: [] };

/** bash's `--flag`, `=`, `value` as one word `--flag=value`. */
function joinEquals(typed: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < typed.length; i++) {
    const w = typed[i] as string;
    const prev = out[out.length - 1];
    if (w === "=" && prev !== undefined && /^--[^=]+$/.test(prev)) out[out.length - 1] = `${prev}=${typed[++i] ?? ""}`;
    else out.push(w);
  }
  return out;
}

export async function complete(typed: readonly string[], sources: CompletionSources): Promise<Completion> {
  const all = joinEquals(typed.length === 0 ? [""] : typed);
  const current = all[all.length - 1] as string;
  const before = all.slice(0, -1);
  const find = (flags: readonly Flag[], name: string) => flags.find((f) => f.name === name);
  // The command: the first word that is not a flag before it nor one of its values.
  const leading = [...sources.globalFlags, ...(sources.leadingFlags ?? [])];
  let i = 0;
  while (i < before.length && (before[i] as string).startsWith("-")) {
    const flag = find(leading, before[i] as string);
    // The word being completed is one of this flag's values.
    if (flag !== undefined && i + flag.values >= before.length) return flagValue(flag, before.length - i - 1, current, sources, new Map());
    i += 1 + (flag?.values ?? 0);
  }
  if (i >= before.length) {
    const globals = [...leading.map((f) => f.name), "--help", "--version"];
    return current.startsWith("-") ? words(globals, current) : words([...sources.commands, "help"], current);
  }
  const command = before[i] as string;
  const spec = (await sources.flagsOf(command)) ?? { options: {} };
  const flags = [...flagsOf(spec), ...sources.globalFlags.filter((g) => find(flagsOf(spec), g.name) === undefined)];
  if (!flags.some((f) => f.long === "help")) flags.push({ name: "--help", long: "help", values: 0 });
  const given = new Map<string, string>();
  let positionals = 0;
  let pending: { flag: Flag; index: number } | undefined;
  let dashes = false;
  for (const w of before.slice(i + 1)) {
    if (pending !== undefined) {
      if (pending.flag.values === 1) given.set(pending.flag.long, w);
      pending = pending.index + 1 < pending.flag.values ? { flag: pending.flag, index: pending.index + 1 } : undefined;
    } else if (!dashes && w === "--") dashes = true;
    else if (!dashes && w.startsWith("-")) {
      const [name, inline] = w.includes("=") ? [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)] : [w, undefined];
      const flag = find(flags, name);
      if (flag !== undefined && inline !== undefined) given.set(flag.long, inline);
      else if (flag !== undefined && flag.values > 0) pending = { flag, index: 0 };
    } else positionals++;
  }
  if (pending !== undefined) return flagValue(pending.flag, pending.index, current, sources, given);
  if (!dashes && current.startsWith("-")) {
    const eq = current.indexOf("=");
    if (eq > 0) {
      const flag = find(flags, current.slice(0, eq));
      return flag !== undefined && flag.values === 1 ? valueOf(flag.long, current.slice(eq + 1), sources, given) : NOTHING;
    }
    return words(flags.map((f) => f.name), current);
  }
  const positional = spec.positional ?? "none";
  if (positional === "dir") return { mode: "dirs", candidates: [] };
  if (positional === "generations") return words((await sources.generationNumbers?.(given)) ?? [], current);
  if (positional === "option-path" && positionals === 0) {
    const paths = await sources.optionPaths(current, given);
    return { mode: paths.some((p) => p.endsWith(".")) ? "nospace" : "words", candidates: paths };
  }
  if (typeof positional === "object" && positionals === 0) return words(positional.words, current);
  return NOTHING;
}

/** The completion of the `index`th value of `flag` (a pair's NAME: a Nix setting's for --option, an input path for --override-input), typed so far as `prefix`. */
async function flagValue(flag: Flag, index: number, prefix: string, sources: CompletionSources, given: ReadonlyMap<string, string>): Promise<Completion> {
  if (flag.values === 1) return valueOf(flag.long, prefix, sources, given);
  if (index !== 0) return NOTHING;
  if (flag.long === "override-input") return words((await sources.inputNames?.(prefix, given)) ?? [], prefix);
  return flag.long === "option" || flag.long === "nix-option" ? words(sources.settingNames ?? [], prefix) : NOTHING;
}

/** The completion of a value of the flag `long`, typed so far as `prefix`, after the flags `given`. */
async function valueOf(long: string, prefix: string, sources: CompletionSources, given: ReadonlyMap<string, string>): Promise<Completion> {
  const kind = VALUE_KINDS[long];
  if (kind === undefined) return NOTHING;
  if (typeof kind !== "string") return words(kind, prefix);
  if (kind === "generation") return words((await sources.generationNumbers?.(given)) ?? [], prefix);
  if (kind !== "flake") return { mode: kind, candidates: [] };
  const hash = prefix.indexOf("#");
  if (hash < 0) return { mode: "dirs", candidates: [] };
  const dir = prefix.slice(0, hash);
  const names = await sources.flakeNames(dir === "" ? "." : dir);
  return words(names.map((n) => `${dir}#${n}`), prefix);
}
