/**
 * Version strings as Nix compares them (`builtins.compareVersions`,
 * `builtins.splitVersion`) and `lib.versions`: a version is a sequence of
 * components, split at `.` and `-` and where digits meet other characters;
 * numbers compare numerically, "pre" sorts before anything, a missing
 * component before a number, a word before a number ("2.3a" < "2.3.1").
 */
import { fn } from "./fn.ts";
import { expectInt, stringFrom, text } from "./expect.ts";
import { EvalError } from "../errors.ts";
import type { Lazy, Value } from "../value.ts";

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const isSeparator = (c: string | undefined) => c === "." || c === "-";

export function splitVersion(v: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (isSeparator(v[i])) i++;
    if (i >= v.length) return out;
    const start = i;
    const digits = isDigit(v[i]);
    while (i < v.length && !isSeparator(v[i]) && isDigit(v[i]) === digits) i++;
    out.push(v.slice(start, i));
  }
}

function componentLess(a: string, b: string): boolean {
  const na = /^[0-9]+$/.test(a) ? BigInt(a) : undefined;
  const nb = /^[0-9]+$/.test(b) ? BigInt(b) : undefined;
  if (na !== undefined && nb !== undefined) return na < nb;
  if (a === "" && nb !== undefined) return true;
  if (a === "pre" && b !== "pre") return true;
  if (b === "pre") return false;
  if (nb !== undefined) return true;
  if (na !== undefined) return false;
  return a < b;
}

/** -1, 0 or 1, as `builtins.compareVersions`. */
export function compareVersions(a: string, b: string): number {
  const ca = splitVersion(a);
  const cb = splitVersion(b);
  for (let i = 0; i < Math.max(ca.length, cb.length); i++) {
    const x = ca[i] ?? "";
    const y = cb[i] ?? "";
    if (componentLess(x, y)) return -1;
    if (componentLess(y, x)) return 1;
  }
  return 0;
}

function component(v: Lazy, i: number): Value {
  const parts = splitVersion(text(v));
  const p = parts[i];
  if (p === undefined) throw new EvalError(`list index ${i} is out of bounds`);
  return p;
}

export function versionsLib(): Record<string, Value> {
  return {
    splitVersion: fn("splitVersion", (v) => splitVersion(text(v))),
    major: fn("major", (v) => component(v, 0)),
    minor: fn("minor", (v) => component(v, 1)),
    patch: fn("patch", (v) => component(v, 2)),
    majorMinor: fn("majorMinor", (v) => stringFrom(splitVersion(text(v)).slice(0, 2).join("."))),
    /** `pad 3 "1.2-rc1"` is "1.2.0-rc1": the numeric part padded with zeros, the suffix kept. */
    pad: fn("pad", (n, v) => {
      const count = Number(expectInt(n));
      const version = text(v);
      const numeric = version.split("-")[0] as string;
      const padded = [...splitVersion(numeric), ...Array<string>(count).fill("0")].slice(0, count);
      return stringFrom(padded.join(".") + version.slice(numeric.length));
    }),
  };
}

/** `compareVersions`, `versionOlder`, `versionAtLeast` (lib.strings). */
export function versionCompareLib(): Record<string, Value> {
  return {
    compareVersions: fn("compareVersions", (a, b) => BigInt(compareVersions(text(a), text(b)))),
    versionOlder: fn("versionOlder", (a, b) => compareVersions(text(b), text(a)) === 1),
    versionAtLeast: fn("versionAtLeast", (a, b) => compareVersions(text(b), text(a)) !== 1),
  };
}

