/**
 * Version builtins, ported from Nix's names.cc: `compareVersions` and
 * `splitVersion` split at dots and dashes and between digit runs and
 * other runs; numbers compare numerically, "pre" sorts before anything,
 * a missing component sorts before a number, letters before numbers.
 * `parseDrvName` splits at the first dash followed by a non-letter.
 */
import { compareBytes } from "../operators.ts";
import { NixAttrs, type Value } from "../value.ts";
import { argFrame, forceStringNoCtx, primop } from "./primop.ts";

const DIGIT = /[0-9]/;

/** The next component of `s` from `pos` (separators skipped); "" at the end. */
function nextComponent(s: string, pos: { i: number }): string {
  while (pos.i < s.length && (s[pos.i] === "." || s[pos.i] === "-")) pos.i++;
  const start = pos.i;
  if (pos.i >= s.length) return "";
  if (DIGIT.test(s[pos.i] as string)) {
    while (pos.i < s.length && DIGIT.test(s[pos.i] as string)) pos.i++;
  } else {
    while (pos.i < s.length && !DIGIT.test(s[pos.i] as string) && s[pos.i] !== "." && s[pos.i] !== "-") pos.i++;
  }
  return s.slice(start, pos.i);
}

/** A component as a C `int`, or undefined (not all digits, or too large). */
function asInt(c: string): number | undefined {
  if (!/^[0-9]+$/.test(c)) return undefined;
  const n = Number(c);
  return n <= 2147483647 ? n : undefined;
}

function componentsLT(c1: string, c2: string): boolean {
  const n1 = asInt(c1);
  const n2 = asInt(c2);
  if (n1 !== undefined && n2 !== undefined) return n1 < n2;
  if (c1 === "" && n2 !== undefined) return true;
  if (c1 === "pre" && c2 !== "pre") return true;
  if (c2 === "pre") return false;
  // Assume that `2.3a' < `2.3.1'.
  if (n2 !== undefined) return true;
  if (n1 !== undefined) return false;
  return compareBytes(c1, c2) < 0;
}

export function compareVersions(v1: string, v2: string): number {
  const p1 = { i: 0 };
  const p2 = { i: 0 };
  while (p1.i < v1.length || p2.i < v2.length) {
    const c1 = nextComponent(v1, p1);
    const c2 = nextComponent(v2, p2);
    if (componentsLT(c1, c2)) return -1;
    if (componentsLT(c2, c1)) return 1;
  }
  return 0;
}

export function splitVersion(v: string): string[] {
  const pos = { i: 0 };
  const out: string[] = [];
  while (pos.i < v.length) {
    const c = nextComponent(v, pos);
    if (c === "") break;
    out.push(c);
  }
  return out;
}

export function parseDrvName(s: string): { name: string; version: string } {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "-" && i + 1 < s.length && !/[a-zA-Z]/.test(s[i + 1] as string)) {
      return { name: s.slice(0, i), version: s.slice(i + 1) };
    }
  }
  return { name: s, version: "" };
}

export function versionBuiltins(): Record<string, Value> {
  return {
    compareVersions: primop("compareVersions", 2, (a, b) =>
      BigInt(compareVersions(forceStringNoCtx(a, argFrame(0, "compareVersions")), forceStringNoCtx(b, argFrame(1, "compareVersions")))),
    ),
    splitVersion: primop("splitVersion", 1, (v) => splitVersion(forceStringNoCtx(v, argFrame(0, "splitVersion")))),
    parseDrvName: primop("parseDrvName", 1, (s) => {
      const r = parseDrvName(forceStringNoCtx(s, argFrame(0, "parseDrvName")));
      return NixAttrs.from({ name: r.name, version: r.version });
    }),
  };
}
