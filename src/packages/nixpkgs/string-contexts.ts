/**
 * The string contexts inside a value: every store path, derivation
 * output and derivation a string in it refers to, found by walking the
 * value (forcing it, as the build will). Derivation values are not
 * descended into: their `outPath` stands for them. What a part fails to
 * evaluate is skipped here; the build reports it. Strings that lost their
 * context (a TypeScript configuration's template strings) are scanned
 * for store paths of `storeDir`, as Nix scans outputs for references.
 */
import { force, NixAttrs, NixString, type Lazy } from "../../nix/value.ts";

export function stringContexts(values: readonly Lazy[], storeDir?: string): Set<string> {
  const out = new Set<string>();
  const scan = storeDir === undefined ? undefined : new RegExp(`${storeDir.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}/[0-9a-df-np-sv-z]{32}-[A-Za-z0-9+._?=-]+`, "g");
  const prefix = `${storeDir}/`;
  const seen = new Set<object>();
  const visit = (x: Lazy): void => {
    let v;
    try {
      v = force(x);
    } catch {
      return;
    }
    if (v instanceof NixString) {
      for (const c of v.context) out.add(c);
      return;
    }
    if (typeof v === "string") {
      // Most strings name no store path: the substring search rules them out before the pattern runs.
      if (scan !== undefined && v.includes(prefix)) for (const m of v.matchAll(scan)) out.add(m[0]);
      return;
    }
    if (typeof v !== "object" || v === null || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) for (const e of v) visit(e);
    else if (v instanceof NixAttrs) {
      const type = v.lazy("type");
      if (type !== undefined && isDerivation(type)) {
        const p = v.lazy("outPath");
        if (p !== undefined) visit(p);
        return;
      }
      for (const k of v.keys()) visit(v.lazy(k) as Lazy);
    }
  };
  for (const v of values) visit(v);
  return out;
}

function isDerivation(type: Lazy): boolean {
  try {
    const t = force(type);
    return t === "derivation" || (t instanceof NixString && t.s === "derivation");
  } catch {
    return false;
  }
}
