/**
 * The links a package's postinst makes with `update-alternatives`, which
 * we never run: `--install LINK NAME PATH PRIORITY` and its `--slave LINK
 * NAME PATH` lines, as relative paths (LINK → PATH, with the priority of
 * the group). Where several scripts offer the same link, the highest
 * priority wins, as update-alternatives' automatic mode chooses. Debian
 * installs some libraries only so (libblas3's libblas.so.3, under blas/),
 * and some programs (vim's bin/vim). A `for VAR in WORDS; do … done` loop
 * around such lines (ImageMagick's, one per program; Emacs's, with `do` on
 * a line of its own) is read as its body once per word, with $VAR and
 * ${VAR} replaced; words may be quoted ("/usr/bin/$alt").
 */

export interface AlternativeTarget {
  /** The path the link points to, relative ("usr/lib/x86_64-linux-gnu/blas/libblas.so.3"). */
  readonly path: string;
  readonly priority: number;
}

const rel = (p: string) => p.replace(/^\/+/, "");

/** `text` with each `for VAR in WORDS; do BODY done` (not nested; `do` after `;` or a newline) written out: BODY once per word, $VAR replaced. */
function unrollLoops(text: string): string {
  return text.replace(/^\s*for\s+([A-Za-z_]\w*)\s+in\s+([^;\n]*?)\s*[;\n]\s*do\b([\s\S]*?)^\s*done\b/gm, (_, name: string, words: string, body: string) =>
    words
      .split(/\s+/)
      .filter((w) => /^[\w.+-]+$/.test(w))
      .map((w) => body.replace(new RegExp(`\\$(?:${name}\\b|\\{${name}\\})`, "g"), w))
      .join("\n"),
  );
}

/** LINK → its target, of one postinst, in the order written (the first offer of a link kept). */
export function alternativeLinks(postinst: string): Map<string, AlternativeTarget> {
  const out = new Map<string, AlternativeTarget>();
  // Quotes around a word only delimit it here: no path of these lines has a blank.
  const text = unrollLoops(postinst.replace(/\\\n/g, " ").replace(/"([^"\s]*)"/g, "$1"));
  for (const line of text.split("\n")) {
    const install = /--install\s+(\/\S+)\s+\S+\s+(\/\S+)\s+(\d+)/.exec(line);
    if (install === null) continue;
    const priority = Number(install[3]);
    const offer = (link: string, path: string) => {
      if (!out.has(rel(link))) out.set(rel(link), { path: rel(path), priority });
    };
    offer(install[1] as string, install[2] as string);
    for (const slave of line.matchAll(/--slave\s+(\/\S+)\s+\S+\s+(\/\S+)/g)) offer(slave[1] as string, slave[2] as string);
  }
  return out;
}

/** The links of several postinst scripts together: the highest priority's target for each. */
export function mergedAlternatives(scripts: readonly string[]): Map<string, AlternativeTarget> {
  const out = new Map<string, AlternativeTarget>();
  for (const script of scripts) {
    for (const [link, t] of alternativeLinks(script)) {
      const had = out.get(link);
      if (had === undefined || t.priority > had.priority) out.set(link, t);
    }
  }
  return out;
}
