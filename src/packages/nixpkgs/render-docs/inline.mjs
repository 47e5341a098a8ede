// Inline Markdown of option descriptions read into nodes: text, code
// spans, roles ({command}`…`, {option}`…`, {file}`…`, {var}`…`,
// {env}`…`, {manpage}`name(5)`), strong, emphasis, links, autolinks and
// hard breaks. Anchors (`[]{#id}`) and bracketed spans' attributes are
// dropped; backslash escapes give their character.
//
//     parseInline("Run {command}`man 5 foo` *now*")

const ESCAPABLE = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;

/** The index of the `]` closing the `[` at `i`, or -1. */
function closingBracket(s, i) {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    if (s[j] === "\\") j++;
    else if (s[j] === "`") {
      const run = /^`+/.exec(s.slice(j))[0];
      const end = s.indexOf(run, j + run.length);
      if (end !== -1) j = end + run.length - 1;
    } else if (s[j] === "[") depth++;
    else if (s[j] === "]" && --depth === 0) return j;
  }
  return -1;
}

/** Whether the delimiter run at `i` of `len` can open (left-flanking) or close (right-flanking). */
function flanking(s, i, len) {
  const before = i === 0 ? " " : s[i - 1];
  const after = i + len >= s.length ? " " : s[i + len];
  const ws = (c) => /\s/.test(c);
  const punct = (c) => /[\p{P}\p{S}]/u.test(c);
  const left = !ws(after) && (!punct(after) || ws(before) || punct(before));
  const right = !ws(before) && (!punct(before) || ws(after) || punct(after));
  const marker = s[i];
  if (marker === "_") return { open: left && (!right || punct(before)), close: right && (!left || punct(after)) };
  return { open: left, close: right };
}

/** Reads inline Markdown into nodes. */
export function parseInline(s) {
  const nodes = [];
  let text = "";
  const flush = () => {
    if (text !== "") nodes.push({ kind: "text", text });
    text = "";
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    const rest = s.slice(i);
    if (c === "\\" && i + 1 < s.length && ESCAPABLE.test(s[i + 1])) {
      text += s[i + 1];
      i += 2;
      continue;
    }
    if (c === "\\" && s[i + 1] === "\n") {
      flush();
      nodes.push({ kind: "break" });
      i += 2;
      continue;
    }
    const role = /^\{([\w-]+)\}(`+)/.exec(rest);
    if (role !== null) {
      const end = s.indexOf(role[2], i + role[0].length);
      if (end !== -1) {
        flush();
        nodes.push({ kind: "role", role: role[1], text: s.slice(i + role[0].length, end).replace(/\n/g, " ") });
        i = end + role[2].length;
        continue;
      }
    }
    if (c === "`") {
      const run = /^`+/.exec(rest)[0];
      const end = s.indexOf(run, i + run.length);
      if (end !== -1 && s[end + run.length] !== "`") {
        let code = s.slice(i + run.length, end).replace(/\n/g, " ");
        if (/^ .*[^ ].* $/.test(code)) code = code.slice(1, -1);
        flush();
        nodes.push({ kind: "code", text: code });
        i = end + run.length;
        continue;
      }
      text += run;
      i += run.length;
      continue;
    }
    const auto = /^<((?:https?|ftp|mailto):[^\s<>]*)>/.exec(rest);
    if (auto !== null) {
      flush();
      nodes.push({ kind: "link", href: auto[1], children: [{ kind: "text", text: auto[1] }] });
      i += auto[0].length;
      continue;
    }
    if (c === "[") {
      const close = closingBracket(s, i);
      if (close !== -1) {
        const label = s.slice(i + 1, close);
        const target = /^\(\s*<?([^\s)>]*)>?(?:\s+"[^"]*")?\s*\)/.exec(s.slice(close + 1));
        const attrs = /^\{[^}]*\}/.exec(s.slice(close + 1));
        if (target !== null) {
          flush();
          nodes.push({ kind: "link", href: target[1], children: parseInline(label) });
          i = close + 1 + target[0].length;
          continue;
        }
        if (attrs !== null) {
          flush();
          nodes.push(...parseInline(label));
          i = close + 1 + attrs[0].length;
          continue;
        }
      }
    }
    if (c === "*" || c === "_") {
      const run = new RegExp(`^\\${c}+`).exec(rest)[0];
      const len = run.length >= 2 ? 2 : 1;
      if (flanking(s, i, run.length).open) {
        const close = findCloser(s, i + len, c, len);
        if (close !== -1) {
          flush();
          nodes.push({ kind: len === 2 ? "strong" : "emph", children: parseInline(s.slice(i + len, close)) });
          i = close + len;
          continue;
        }
      }
      text += run;
      i += run.length;
      continue;
    }
    text += c;
    i++;
  }
  flush();
  return nodes;
}

/** The start of the closing run of `len` `marker`s after `from`, or -1. */
function findCloser(s, from, marker, len) {
  for (let j = from; j < s.length; j++) {
    if (s[j] === "\\") {
      j++;
      continue;
    }
    if (s[j] === "`") {
      const run = /^`+/.exec(s.slice(j))[0];
      const end = s.indexOf(run, j + run.length);
      if (end !== -1) j = end + run.length - 1;
      continue;
    }
    if (s[j] !== marker) continue;
    const run = new RegExp(`^\\${marker}+`).exec(s.slice(j))[0];
    if (j > from && run.length >= len && flanking(s, j, run.length).close) return j + run.length - len;
    j += run.length - 1;
  }
  return -1;
}
