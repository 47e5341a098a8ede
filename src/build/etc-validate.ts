/**
 * An environment.etc entry's `validate` as the manifest records it: the
 * host command, checked to be runnable as given (an absolute program and
 * a `%s` for the file), and the options that made the file, each with the
 * configuration's files that define it (system-manager's own modules only
 * when the configuration defines none), for the activation's error.
 */
import { UserError } from "../diagnostics/user-error.ts";
import { definitionSites } from "../module-system/definition-sites.ts";
import type { OptionLevel } from "../module-system/option-tree.ts";
import { showOption } from "../module-system/option-path.ts";
import type { EtcEntry, EtcValidate } from "./manifest.ts";

/** The files system-manager's own option modules are named by. */
const INTERNAL = "system-manager/";

interface ValidateConfig {
  readonly command: readonly string[];
  readonly origins: readonly string[];
}

/** `entry` with its check (when `v` is not null); throws a UserError naming `loc` when the command cannot be run as given. */
export function withValidate(entry: EtcEntry, v: ValidateConfig | null, loc: readonly string[], tree: OptionLevel): EtcEntry {
  if (v === null) return entry;
  const at = showOption([...loc, "validate", "command"]);
  const [program] = v.command;
  if (program === undefined || !program.startsWith("/")) {
    throw new UserError(`Cannot use ${JSON.stringify(v.command)} as \`${at}': its first element must be the absolute path of a program on the target host`);
  }
  if (!v.command.slice(1).some((a) => a.includes("%s"))) {
    throw new UserError(`Cannot use ${JSON.stringify(v.command)} as \`${at}': no argument has "%s", which stands for the file to check`);
  }
  const validate: EtcValidate = { command: [...v.command], origins: describeOrigins(v.origins, tree) };
  return { ...entry, validate };
}

/** Each option with the files that define it; only the configuration's own definitions (not system-manager's modules), when it has any. */
function describeOrigins(options: readonly string[], tree: OptionLevel): string[] {
  const sites = options.map((o) => ({ option: o, files: [...new Set(definitionSites(tree, o.split(".")).map((s) => s.file))] }));
  const own = sites.map((s) => ({ ...s, files: s.files.filter((f) => !f.startsWith(INTERNAL)) })).filter((s) => s.files.length > 0);
  return (own.length > 0 ? own : sites).map((s) => (s.files.length === 0 ? `\`${s.option}'` : `\`${s.option}' (defined in ${s.files.join(", ")})`));
}
