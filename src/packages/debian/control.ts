/**
 * Debian control data (deb822): stanzas of `Field: value` lines with
 * continuation lines, as apt-cache show and Packages files print them, and
 * dependency fields (`a (>= 1) | b:any, c`) as lists of alternatives.
 */
export type Stanza = ReadonlyMap<string, string>;

/** Parses deb822 text into stanzas; field names keep their case, lookups use `field()`. */
export function parseStanzas(text: string): Stanza[] {
  const stanzas: Stanza[] = [];
  let cur = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split("\n")) {
    if (line.trim() === "") {
      if (cur.size > 0) stanzas.push(cur);
      cur = new Map();
      last = undefined;
    } else if ((line.startsWith(" ") || line.startsWith("\t")) && last !== undefined) {
      cur.set(last, `${cur.get(last)}\n${line.trim()}`);
    } else {
      const i = line.indexOf(":");
      if (i <= 0) continue;
      last = line.slice(0, i).toLowerCase();
      cur.set(last, line.slice(i + 1).trim());
    }
  }
  if (cur.size > 0) stanzas.push(cur);
  return stanzas;
}

export function field(s: Stanza, name: string): string | undefined {
  return s.get(name.toLowerCase());
}

export interface Relation {
  readonly name: string;
}

/** `Depends`-style field → clauses, each a list of alternative package names (version and arch qualifiers dropped). */
export function parseRelations(value: string | undefined): Relation[][] {
  if (value === undefined || value.trim() === "") return [];
  return value.split(",").map((clause) =>
    clause
      .split("|")
      .map((alt) => alt.trim().replace(/\s*\(.*?\)/g, "").replace(/\s*\[.*?\]/g, "").replace(/\s*<.*?>/g, ""))
      .filter((alt) => alt !== "")
      .map((alt) => ({ name: alt.split(":")[0] as string })),
  );
}

/** `Provides: a (= 1), b` → ["a", "b"]. */
export function parseProvides(value: string | undefined): string[] {
  return parseRelations(value).flatMap((alts) => alts.map((a) => a.name));
}
