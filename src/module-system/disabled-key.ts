/**
 * The key a `disabledModules` item names (nixpkgs' `moduleKey`): a string
 * (relative to `modulesPath`), a path, a set with a `key`, or anything
 * `toString` converts; errors in nixpkgs' words.
 */
import { force, isString, NixAttrs, NixPath, typeOf, stringText, type Lazy, type Value } from "../nix/value.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { toStringOf } from "./module-syntax.ts";

/** The key a `disabledModules` item names (nixpkgs' `moduleKey`, errors in its words). */
export function disabledKey(v: Value, file: string, modulesPath: string | undefined): string {
  if (isString(v)) {
    const s = stringText(v);
    return s.startsWith("/") || modulesPath === undefined ? s : `${modulesPath}/${s}`;
  }
  if (convertibleWithToString(v)) {
    const text = toStringOf(v);
    if (v instanceof NixAttrs && v.has("key") && toStringOf(v.lazy("key") as Lazy) !== text) {
      throw new UserError(
        `Module \`${file}\` contains a disabledModules item that is an attribute set that can be converted to a string (${text}) but also has a \`.key\` attribute (${toStringOf(v.lazy("key") as Lazy)}) with a different value. This makes it ambiguous which module should be disabled.`,
      );
    }
    return text;
  }
  if (v instanceof NixAttrs && v.has("key")) return toStringOf(v.lazy("key") as Lazy);
  if (v instanceof NixAttrs) {
    throw new UserError(
      `Module \`${file}\` contains a disabledModules item that is an attribute set, presumably a module, that does not have a \`key\` attribute. This means that the module system doesn't have any means to identify the module that should be disabled. Make sure that you've put the correct value in disabledModules: a string path relative to modulesPath, a path value, or an attribute set with a \`key\` attribute.`,
    );
  }
  throw new UserError(
    `Each disabledModules item must be a path, string, or a attribute set with a key attribute, or a value supported by toString. However, one of the disabledModules items in \`${file}\` is none of that, but is of type ${typeOf(v)}.`,
  );
}

/** nixpkgs' isConvertibleWithToString: string-like (a path, a set with __toString or outPath), null, a number, a boolean, or a list of them. */
function convertibleWithToString(v: Value): boolean {
  if (v === null || typeof v === "boolean" || typeof v === "bigint" || typeof v === "number" || isString(v) || v instanceof NixPath) return true;
  if (v instanceof NixAttrs) return v.has("__toString") || v.has("outPath");
  return Array.isArray(v) && v.every((x) => convertibleWithToString(force(x)));
}
