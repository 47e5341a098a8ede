/**
 * `lib.versions` (major, minor, patch, majorMinor, pad, splitVersion) and
 * the comparisons lib.strings re-exports (compareVersions, versionOlder,
 * versionAtLeast), over the builtins' version splitting and ordering:
 * components split at `.` and `-` and where digits meet other characters.
 */
import { fn } from "./fn.ts";
import { expectInt, stringFrom, text } from "../nix/expect.ts";
import { EvalError } from "../nix/errors.ts";
import { compareVersions, splitVersion } from "../nix/builtins/versions.ts";
import type { Lazy, Value } from "../nix/value.ts";

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

