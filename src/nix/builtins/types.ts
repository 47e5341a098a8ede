/**
 * Type inspection builtins: `typeOf` and the `is*` predicates. All force
 * their argument to weak head normal form only. `isFunction` is false for a
 * set with `__functor`, as in Nix.
 */
import { force, NixAttrs, NixFunction, NixPath, typeOf, type Value } from "../value.ts";
import { primop } from "./primop.ts";

export function typeBuiltins(): Record<string, Value> {
  const pred = (name: string, test: (v: Value) => boolean) => primop(name, 1, (x) => test(force(x)));
  return {
    typeOf: primop("typeOf", 1, (x) => typeOf(force(x))),
    isNull: pred("isNull", (v) => v === null),
    isBool: pred("isBool", (v) => typeof v === "boolean"),
    isInt: pred("isInt", (v) => typeof v === "bigint"),
    isFloat: pred("isFloat", (v) => typeof v === "number"),
    isString: pred("isString", (v) => typeOf(v) === "string"),
    isPath: pred("isPath", (v) => v instanceof NixPath),
    isList: pred("isList", (v) => Array.isArray(v)),
    isAttrs: pred("isAttrs", (v) => v instanceof NixAttrs),
    isFunction: pred("isFunction", (v) => v instanceof NixFunction),
  };
}
