/**
 * Arithmetic builtins: `add sub mul div lessThan` (shared with the
 * operators, see ../operators.ts), `bitAnd bitOr bitXor` on ints, and
 * `ceil floor` from a number to an int.
 */
import { EvalError } from "../errors.ts";
import { addBuiltin, div, lessThan, mul, sub } from "../operators.ts";
import { force, type Value } from "../value.ts";
import { argFrame, forceFloat, forceInt, primop } from "./primop.ts";

const INT_MIN = -(2n ** 63n);
const INT_MAX = 2n ** 63n - 1n;

/** `ceil`/`floor` of a float that must fit an int. */
function toInt(f: number, r: number): bigint {
  if (!Number.isFinite(r) || r < -(2 ** 63) || r >= 2 ** 63) {
    throw new EvalError(`float ${f} cannot be converted to an integer: it is out of range`);
  }
  const i = BigInt(r);
  return i < INT_MIN ? INT_MIN : i > INT_MAX ? INT_MAX : i;
}

export function arithmeticBuiltins(): Record<string, Value> {
  const bit = (name: string, op: (a: bigint, b: bigint) => bigint) =>
    primop(name, 2, (a, b) => op(forceInt(a, argFrame(0, name)), forceInt(b, argFrame(1, name))));
  const round = (name: string, op: (x: number) => number) =>
    primop(name, 1, (x) => {
      const v = force(x);
      if (typeof v === "bigint") return v;
      const f = forceFloat(v, argFrame(0, name));
      return toInt(f, op(f));
    });
  return {
    add: primop("add", 2, (a, b) => addBuiltin(force(a), force(b))),
    sub: primop("sub", 2, (a, b) => sub(force(a), force(b))),
    mul: primop("mul", 2, (a, b) => mul(force(a), force(b))),
    div: primop("div", 2, (a, b) => div(force(a), force(b))),
    lessThan: primop("lessThan", 2, (a, b) => lessThan(force(a), force(b))),
    bitAnd: bit("bitAnd", (a, b) => a & b),
    bitOr: bit("bitOr", (a, b) => a | b),
    bitXor: bit("bitXor", (a, b) => a ^ b),
    ceil: round("ceil", Math.ceil),
    floor: round("floor", Math.floor),
  };
}
