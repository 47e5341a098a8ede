// The options of an options.json (nixosOptionsDoc's shape) in the order
// nixos-render-docs documents them: by location, a component starting
// with "enable" before one starting with "package", before the others,
// each group alphabetical. Values (default, example) are literal
// expressions (Nix code), literal Markdown, or plain JSON of old files.

/** The sort key of one location component. */
const rank = (c) => [c.startsWith("enable") ? 0 : c.startsWith("package") ? 1 : 2, c];

function compareLoc(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [ra, ca] = rank(a[i]);
    const [rb, cb] = rank(b[i]);
    if (ra !== rb) return ra - rb;
    if (ca !== cb) return ca < cb ? -1 : 1;
  }
  return a.length - b.length;
}

/** [name, option] pairs, sorted as documented. */
export function sortedOptions(json) {
  return Object.entries(json).sort(([na, a], [nb, b]) => compareLoc(a.loc ?? na.split("."), b.loc ?? nb.split(".")));
}

/**
 * A value as what to show: `{ code }` (Nix code) or `{ markdown }`.
 * Throws on a `_type` nixpkgs no longer supports (DocBook).
 */
export function optionValue(v, what, name) {
  if (v !== null && typeof v === "object" && typeof v._type === "string") {
    if (v._type === "literalExpression") return { code: String(v.text) };
    if (v._type === "literalMD") return { markdown: String(v.text) };
    throw new Error(`option ${name} ${what} has unsupported type ${v._type}`);
  }
  return { code: JSON.stringify(v, null, 2) };
}

/** A declaration as its shown name and link: relative strings are paths below nixpkgs, absolute ones shown as they are, sets have `name` and `url`. */
export function declaration(d) {
  if (typeof d === "string") return { name: d.startsWith("/") ? d : `<nixpkgs/${d}>`, url: undefined };
  return { name: String(d.name ?? d.url), url: d.url };
}

/** A description: a string, or `{ _type = "mdDoc"; text }` of older nixpkgs. */
export function descriptionText(v) {
  if (v !== null && typeof v === "object") return String(v.text ?? "");
  return v === null || v === undefined ? "" : String(v);
}
