/**
 * Every option of an option tree, documented (nixpkgs
 * `optionAttrSetToDocList`): the options in attribute order, each followed
 * by its type's sub-options (a submodule's under `<name>` or `*`, as
 * getSubOptions gives them) unless it is invisible or "shallow".
 */
import { force, NixAttrs, type Lazy } from "../nix/value.ts";
import { isOptionValue, optionDoc, subOptionsOf, type OptionDoc, type RenderFailure } from "./option-doc.ts";

/** nixpkgs `collect isOption`: the options of a tree, in attribute order. */
export function collectOptions(tree: Lazy): NixAttrs[] {
  const x = force(tree);
  if (!(x instanceof NixAttrs)) return [];
  if (isOptionValue(x)) return [x as NixAttrs];
  return x.keys().flatMap((k) => collectOptions(x.lazy(k) as Lazy));
}

/** `onFailure`: what to do with a default or example that fails to evaluate (option-doc.ts). */
export function optionDocList(tree: Lazy, onFailure?: RenderFailure): OptionDoc[] {
  const out: OptionDoc[] = [];
  const walk = (t: Lazy): void => {
    for (const opt of collectOptions(t)) {
      const doc = optionDoc(opt, onFailure);
      out.push(doc);
      if (doc.visible === true || doc.visible === "transparent") {
        const sub = subOptionsOf(opt, doc.loc);
        if (sub.size > 0) walk(sub);
      }
    }
  };
  walk(tree);
  return out;
}
