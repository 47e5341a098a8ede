/**
 * Nix's arithmetic and ordering on forced values, shared by the evaluator
 * (`-`, `*`, `/`, `<` desugar to `__sub`, `__mul`, `__div`, `__lessThan`;
 * `+` on numbers) and the builtins of the same names.
 *
 * Ints are bigints kept within int64: every int result is checked and an
 * overflow is an error ("integer overflow in adding 9223372036854775807 + 1"),
 * as in current Nix. Anything involving a float gives a float. Integer
 * division truncates toward zero. Error wording follows C++ Nix (primops.cc,
 * eval.cc), with its "while evaluating the first argument of …" frames.
 */
import { EvalError } from "./errors.ts";
import { valuesEqual } from "./equality.ts";
import { showType, showValueShort } from "./show-type.ts";
import { force, isString, NixPath, stringText, type Lazy, type Value } from "./value.ts";

const INT_MIN = -(2n ** 63n);
const INT_MAX = 2n ** 63n - 1n;

/** "expected an integer but found a string: \"x\"" */
export function typeError(expected: string, v: Value): EvalError {
  return new EvalError(`expected ${expected} but found ${showType(v)}: ${showValueShort(v)}`);
}

function expectInt(v: Value, frame: string): bigint {
  if (typeof v === "bigint") return v;
  throw typeError("an integer", v).withContext(frame);
}

/** Nix's forceFloat: an int is accepted and converted. */
function expectFloat(v: Value, frame: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  throw typeError("a float", v).withContext(frame);
}

function checked(r: bigint, verb: string, a: bigint, op: string, b: bigint): bigint {
  if (r < INT_MIN || r > INT_MAX) throw new EvalError(`integer overflow in ${verb} ${a} ${op} ${b}`);
  return r;
}

function isFloat(a: Value, b: Value): boolean {
  return typeof a === "number" || typeof b === "number";
}

/**
 * `+` on numbers (the evaluator handles strings and paths itself), with the
 * operator's wording: "cannot add a string to an integer". `builtins.add`
 * uses `addBuiltin` for the primop's wording.
 */
export function add(a: Value, b: Value): Value {
  if (typeof a === "bigint") {
    if (typeof b === "bigint") return checked(a + b, "adding", a, "+", b);
    if (typeof b === "number") return Number(a) + b;
    throw new EvalError(`cannot add ${showType(b)} to an integer`);
  }
  if (typeof a === "number") {
    if (typeof b === "number" || typeof b === "bigint") return a + Number(b);
    throw new EvalError(`cannot add ${showType(b)} to a float`);
  }
  throw typeError("an integer", a).withContext("while evaluating the first argument of the addition");
}

/** `builtins.add`: numbers only, with the primop's "expected an integer" wording. */
export function addBuiltin(a: Value, b: Value): Value {
  if (isFloat(a, b)) {
    return (
      expectFloat(a, "while evaluating the first argument of the addition") +
      expectFloat(b, "while evaluating the second argument of the addition")
    );
  }
  const x = expectInt(a, "while evaluating the first argument of the addition");
  const y = expectInt(b, "while evaluating the second argument of the addition");
  return checked(x + y, "adding", x, "+", y);
}

export function sub(a: Value, b: Value): Value {
  if (isFloat(a, b)) {
    return (
      expectFloat(a, "while evaluating the first argument of the subtraction") -
      expectFloat(b, "while evaluating the second argument of the subtraction")
    );
  }
  const x = expectInt(a, "while evaluating the first argument of the subtraction");
  const y = expectInt(b, "while evaluating the second argument of the subtraction");
  return checked(x - y, "subtracting", x, "-", y);
}

export function mul(a: Value, b: Value): Value {
  if (isFloat(a, b)) {
    return (
      expectFloat(a, "while evaluating the first argument of the multiplication") *
      expectFloat(b, "while evaluating the second argument of the multiplication")
    );
  }
  const x = expectInt(a, "while evaluating the first argument of the multiplication");
  const y = expectInt(b, "while evaluating the second argument of the multiplication");
  return checked(x * y, "multiplying", x, "*", y);
}

/** `/`: the divisor is checked first (as a float, so `1 / "x"` says "expected a float"). */
export function div(a: Value, b: Value): Value {
  const d = expectFloat(b, "while evaluating the second operand of the division");
  if (d === 0) throw new EvalError("division by zero");
  if (isFloat(a, b)) return expectFloat(a, "while evaluating the first operand of the division") / d;
  const x = expectInt(a, "while evaluating the first operand of the division");
  const y = b as bigint;
  // bigint division truncates toward zero, like C++.
  return checked(x / y, "dividing", x, "/", y);
}

/** Compares strings by their UTF-8 bytes (code point order), as C's strcmp. */
export function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * `<`: numbers (int and float mixed), strings and paths byte-wise, lists
 * lexicographically (equal elements skipped with `==`); anything else is
 * "cannot compare a set with a set".
 */
export function lessThan(a: Value, b: Value): boolean {
  if (typeof a === "bigint" || typeof a === "number") {
    if (typeof b === "bigint" || typeof b === "number") {
      if (typeof a === "bigint" && typeof b === "bigint") return a < b;
      return Number(a) < Number(b);
    }
  } else if (isString(a) && isString(b)) {
    return compareBytes(stringText(a), stringText(b)) < 0;
  } else if (a instanceof NixPath && b instanceof NixPath) {
    return compareBytes(a.path, b.path) < 0;
  } else if (Array.isArray(a) && Array.isArray(b)) {
    return listLessThan(a, b);
  }
  throw new EvalError(`cannot compare ${showType(a)} with ${showType(b)}`);
}

function listLessThan(a: readonly Lazy[], b: readonly Lazy[]): boolean {
  for (let i = 0; ; i++) {
    if (i === b.length) return false;
    if (i === a.length) return true;
    const x = a[i] as Lazy;
    const y = b[i] as Lazy;
    if (x === y) continue;
    const fx = force(x);
    const fy = force(y);
    if (!valuesEqual(fx, fy)) return lessThan(fx, fy);
  }
}
