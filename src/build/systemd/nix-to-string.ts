/**
 * Nix's `toString` of a value as the unit options hold it (a unit file's
 * settings, restart triggers): apart from the option modules, so the
 * rendering of units loads nothing of the module system.
 */

/** Nix's `toString`: lists joined by spaces, true as "1", false and null as "", packages as their outPath. */
export function nixToString(v: unknown): string {
  if (v === null || v === undefined || v === false) return "";
  if (v === true) return "1";
  if (Array.isArray(v)) return v.map(nixToString).join(" ");
  if (typeof v === "object" || typeof v === "function") {
    const out = (v as { outPath?: unknown }).outPath;
    return out !== undefined ? nixToString(out) : String(v);
  }
  return String(v);
}
