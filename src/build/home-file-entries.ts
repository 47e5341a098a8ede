/**
 * The enabled entries of a home's `file`, each with its target and a
 * reader of its fields. A JavaScript view of Nix values (toJS) is read
 * through the set under it, one field at a time, instead of through a
 * view of every entry: a 10,000-file home's entries are otherwise made
 * into 10,000 views only to read a few fields of each.
 */
import { rawOf, toJS } from "../nix/js-value.ts";
import { force, NixAttrs, type Lazy } from "../nix/value.ts";

/** One field of a `file` entry, as a JavaScript value (undefined when the entry has no such field). */
export type FileField = (key: string) => unknown;

export interface FileEntry {
  /** Its attribute name in `file`. */
  readonly name: string;
  readonly field: FileField;
  readonly target: string;
}

/** The entries of `file` (a set of entries: plain, or a view of a Nix set) whose `enable` is true. */
export function enabledFileEntries(file: unknown): FileEntry[] {
  const raw = rawOf(file);
  const set = raw === undefined ? undefined : force(raw);
  if (!(set instanceof NixAttrs)) {
    return Object.entries(file as Record<string, Record<string, unknown>>)
      .filter(([, f]) => f.enable)
      .map(([name, f]) => ({ name, field: (key: string) => f[key], target: f.target as string }));
  }
  const out: FileEntry[] = [];
  for (const name of set.keys()) {
    const entry = force(set.lazy(name) as Lazy);
    const field: FileField =
      entry instanceof NixAttrs
        ? (key) => {
            const v = entry.lazy(key);
            return v === undefined ? undefined : toJS(v);
          }
        : (key) => (toJS(entry) as Record<string, unknown> | null)?.[key];
    if (field("enable")) out.push({ name, field, target: field("target") as string });
  }
  return out;
}
