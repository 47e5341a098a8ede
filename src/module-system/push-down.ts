/**
 * nixpkgs `pushDownProperties`: a module's config at one level of the
 * declaration tree, as plain attribute sets. mkMerge is split, and mkIf and
 * mkOverride over a set are pushed onto each of its attributes, without
 * evaluating the condition (so conditions may read `config`). mkOrder is
 * not pushed down.
 */
import { force, NixAttrs, typeOf, typeTag, type Lazy, type Value } from "../nix/value.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { showSite, type Definition } from "./definition.ts";
import type { OptionPath } from "./option-path.ts";
import { mkIf } from "./properties.ts";
import { rewrap } from "./merge-definitions.ts";

/** Splits mkMerge and pushes mkIf/mkOverride down onto each attribute of a set. */
export function pushDown(loc: OptionPath, def: Definition, out: Definition[]): void {
  const v: Value = force(def.value);
  const tag = typeTag(v);
  if (tag === "merge") {
    const contents = force((v as NixAttrs).lazy("contents") as Lazy);
    if (!Array.isArray(contents)) throw new UserError(`mkMerge expects a list, in \`${showSite(def)}'`, def.pos);
    for (const c of contents) pushDown(loc, { ...def, value: c }, out);
    return;
  }
  if (tag === "if" || tag === "override") {
    const a = v as NixAttrs;
    const inner: Definition[] = [];
    pushDown(loc, { ...def, value: a.lazy("content") as Lazy }, inner);
    for (const d of inner) {
      const set = force(d.value) as NixAttrs;
      const wrap = (x: Lazy) => (tag === "if" ? mkIf(a.lazy("condition") as Lazy, x) : rewrap(a, x));
      const layout = set.layout;
      if (layout !== undefined) {
        // An array-backed set keeps its layout (names and positions): no map is made.
        out.push({ ...d, value: NixAttrs.fromLayout(layout, set.valuesInOrder().map(wrap)) });
        continue;
      }
      const map = new Map<string, Lazy>();
      for (const [k, x] of set.map) map.set(k, wrap(x));
      out.push({ ...d, value: new NixAttrs(map, set.pos) });
    }
    return;
  }
  if (!(v instanceof NixAttrs)) {
    throw new UserError(
      `In module \`${def.file}', you're trying to define a value of type \`${typeOf(v)}'\nrather than an attribute set for the option\n\`${loc.join(".")}'!\n\n` +
        `This usually happens if \`${loc.join(".")}' has option\ndefinitions inside that are not matched. Please check how to properly define\nthis option by e.g. referring to \`man 5 configuration.nix'!\n`,
      def.pos,
    );
  }
  out.push(def);
}
