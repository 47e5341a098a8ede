/**
 * An option path as given on the command line, read as nixos-option reads
 * it: names separated by dots, a "quoted" name taken whole (JSON escapes,
 * `\$` for `$`), a trailing dot dropped (as `home-manager option` does for
 * shell completion), nothing for the whole tree.
 */
import { UserError } from "../diagnostics/user-error.ts";
import type { OptionPath } from "../module-system/option-path.ts";

export function parseOptionPath(text: string): OptionPath {
  const s = text.endsWith(".") ? text.slice(0, -1) : text;
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === "\\" ? 2 : 1;
      if (j >= s.length) throw new UserError(`Cannot read the option path '${text}': missing closing quote`);
      try {
        out.push(JSON.parse(s.slice(i, j + 1).replaceAll("\\$", "$")) as string);
      } catch {
        throw new UserError(`Cannot read the option path '${text}': ${s.slice(i, j + 1)} is not a valid quoted name`);
      }
      i = j + 1;
      if (i < s.length && s[i] !== ".") throw new UserError(`Cannot read the option path '${text}': expected '.' after ${s.slice(0, i)}`);
      i++;
      continue;
    }
    const dot = s.indexOf(".", i);
    const end = dot < 0 ? s.length : dot;
    if (end === i) throw new UserError(`Cannot read the option path '${text}': an empty name`);
    out.push(s.slice(i, end));
    i = end + 1;
  }
  return out;
}
