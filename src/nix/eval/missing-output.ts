/**
 * The hint under "attribute 'dev' missing" when the set is a derivation
 * without that output: nixpkgs' conventional output names (bin, dev, lib,
 * man, …) are attributes only of a package that has them, and a package
 * with one output has only `out`. The hint names the package and its
 * outputs; lib.getBin, getDev, getMan fall back to `out`.
 */
import { force, isString, NixAttrs, stringText, type Lazy, type Value } from "../value.ts";

const OUTPUT_NAMES = new Set(["bin", "dev", "lib", "man", "doc", "info", "devdoc", "devman", "static", "debug"]);

/** The hint line, or "" when `name` is no output name or `set` is no derivation with a list of outputs. */
export function missingOutputHint(name: string, set: NixAttrs): string {
  if (!OUTPUT_NAMES.has(name)) return "";
  try {
    const type = forced(set, "type");
    if (type === undefined || !isString(type) || stringText(type) !== "derivation") return "";
    const outputs = forced(set, "outputs");
    if (!Array.isArray(outputs)) return "";
    const names = outputs.map((o) => force(o)).filter(isString).map(stringText);
    const pname = forced(set, "pname") ?? forced(set, "name");
    const what = pname !== undefined && isString(pname) ? `The package '${stringText(pname)}'` : "This package";
    const list = names.map((n) => `'${n}'`).join(", ");
    return `${what} has only the output${names.length === 1 ? "" : "s"} ${list}; lib.getBin, lib.getDev and lib.getMan fall back to 'out'.`;
  } catch {
    return "";
  }
}

function forced(set: NixAttrs, name: string): Value | undefined {
  const v = set.lazy(name);
  return v === undefined ? undefined : force(v as Lazy);
}
