/**
 * The options of an evaluated configuration whose value holds a given
 * package, found without evaluating anything: only values the evaluation
 * has already computed are looked at. A package no provider can give that
 * a module selected itself (`mkPackageOption`'s default, `home.packages =
 * [ cfg.package ]`) has no place in the configuration's files; the options
 * holding it say where it came from (`programs.zellij.package`).
 * Derivations and open sets (a package set) are not entered, nor
 * `_module`; a list is its option's value (its elements are not options).
 */
import { isOpenMap } from "../nix/open-map.ts";
import { NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";

/** Computed already: the value, else undefined. */
function computed(v: Lazy | undefined): Value | undefined {
  if (v === undefined) return undefined;
  if (v instanceof Thunk) return v.isForced ? v.force() : undefined;
  return v as Value;
}

/** A derivation's `pname` when it is one (plain, as the package set makes it). */
function packageName(attrs: NixAttrs): string | undefined {
  if (computed(attrs.lazy("type")) !== "derivation") return undefined;
  const pname = computed(attrs.lazy("pname"));
  return typeof pname === "string" ? pname : "";
}

/** For each of `attrs` (package attribute names), the option paths under `root` whose computed value holds `pkgs.<attr>`, in attribute order. */
export function optionsHolding(root: Lazy, attrs: ReadonlySet<string>): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const seen = new Set<object>();
  const note = (attr: string, path: readonly string[]) => {
    const shown = path.join(".");
    const list = found.get(attr) ?? [];
    if (!list.includes(shown)) list.push(shown);
    found.set(attr, list);
  };
  // `path`: the option holding `v` (a list's elements are in its option's value).
  const walk = (v: Value | undefined, path: readonly string[]): void => {
    if (v === undefined || v === null || typeof v !== "object") return;
    // A package is noted under every option holding it; anything else is entered once.
    const pname = v instanceof NixAttrs ? packageName(v) : undefined;
    if (pname !== undefined) {
      if (attrs.has(pname)) note(pname, path);
      return;
    }
    if (seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) walk(computed(x as Lazy), path);
      return;
    }
    if (!(v instanceof NixAttrs)) return;
    if (v.layout === undefined && isOpenMap(v.map)) return;
    v.forEach((x, name) => {
      if (name !== "_module") walk(computed(x), [...path, name]);
    });
  };
  walk(computed(root), []);
  return found;
}
