/**
 * nixpkgs' `generators.toGitINI`, byte for byte: nested sets flattened to
 * sections (the last path element is the key), `[section "sub.sec"]` split
 * at the first dot (a name containing `"` is used as it is), a TAB before
 * each `key = value`, strings always quoted with \\ \" \n \t escapes,
 * booleans and numbers bare, lists as repeated keys, sections and keys in
 * byte order, one blank line between sections.
 */
type Ini = Record<string, unknown>;

function isPlainSet(v: unknown): v is Ini {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const t = (v as { type?: unknown }).type;
  return t !== "derivation";
}

export function flattenGitIni(attrs: Ini): Map<string, Map<string, unknown>> {
  const sections = new Map<string, Map<string, unknown>>();
  const visit = (path: string[], value: unknown) => {
    if (isPlainSet(value)) {
      for (const k of Object.keys(value)) visit([...path, k], value[k]);
      return;
    }
    const section = path.length > 1 ? path.slice(0, -1).join(".") : (path[0] as string);
    const key = path[path.length - 1] as string;
    if (!sections.has(section)) sections.set(section, new Map());
    (sections.get(section) as Map<string, unknown>).set(key, value);
  };
  for (const k of Object.keys(attrs)) visit([k], attrs[k]);
  return sections;
}

export function gitSectionName(name: string): string {
  const dot = name.indexOf(".");
  if (name.includes('"') || dot < 0) return name;
  return `${name.slice(0, dot)} "${name.slice(dot + 1)}"`;
}

function valueString(v: unknown): string {
  if (typeof v === "string") return `"${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n").replaceAll("\t", "\\t")}"`;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v === null || v === undefined) return "null";
  return String(v);
}

const byBytes = (a: string, b: string) => (Buffer.compare(Buffer.from(a), Buffer.from(b)));

export function toGitINI(attrs: Ini): string {
  const sections = flattenGitIni(attrs);
  return [...sections.keys()]
    .sort(byBytes)
    .map((name) => {
      const entries = sections.get(name) as Map<string, unknown>;
      const lines = [...entries.keys()].sort(byBytes).flatMap((k) => {
        const v = entries.get(k);
        return (Array.isArray(v) ? v : [v]).map((x) => `\t${k} = ${valueString(x)}\n`);
      });
      return `[${gitSectionName(name)}]\n${lines.join("")}`;
    })
    .join("\n");
}
