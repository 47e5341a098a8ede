/**
 * Words as bash's completion hands them over and takes them back: bash
 * gives the words as typed (quotes and backslashes in them) and inserts
 * what it is given as it is, so the callback reads a word without its
 * quoting and writes each candidate with backslashes before what the
 * shell would take apart (`environment.etc.\"my\ app/conf\".`). zsh
 * unquotes the words itself (the script passes `${(Q)…}`) and quotes what
 * compadd inserts.
 */

/** `raw` as the shell would pass it on: backslashes and single or double quotes (closed or not) taken out. */
export function unquoteBashWord(raw: string): string {
  let out = "";
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else out += c;
    } else if (c === "\\" && i + 1 < raw.length && (quote === undefined || '"\\$`'.includes(raw[i + 1] as string))) {
      out += raw[++i];
    } else if (quote === undefined && (c === "'" || c === '"')) quote = c;
    else if (quote === '"' && c === '"') quote = undefined;
    else out += c;
  }
  return out;
}

/** `text` as a word bash reads back as `text`. */
export function quoteBashWord(text: string): string {
  return text.replace(/[^A-Za-z0-9_./:@%+,=#~-]|^[#~]/g, (c) => `\\${c}`);
}
