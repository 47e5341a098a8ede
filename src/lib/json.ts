/**
 * JSON for the lib (`strings.toJSON`, `generators.toJSON`/`toYAML`,
 * `importJSON`), through the builtins' reader and writer: the result of
 * toJSON is a string value carrying the contexts of every string inside.
 */
import { fromJSON, toJSON } from "../nix/builtins/json.ts";
import type { BuiltinContext } from "../nix/builtins/builtin-context.ts";
import { mkString } from "../nix/coerce.ts";
import type { Lazy, Value } from "../nix/value.ts";

export { fromJSON };

export function toJSONValue(v: Lazy, ctx: BuiltinContext): Value {
  const context = new Set<string>();
  return mkString(toJSON(ctx, v, context), context);
}
