/**
 * Mutations for fuzzing text inputs, driven by a seeded generator so a run
 * is reproducible: byte flips, truncations, token swaps (duplicate,
 * delete, exchange), splices of another seed, and deep nesting (brackets,
 * sets, lets, lambdas, interpolations, selections, operators; balanced or
 * left open).
 */
import { random } from "../../src/module-system/test-support.ts";

export { random };

export type Rng = () => number;

export const int = (rng: Rng, n: number) => Math.floor(rng() * n);
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)] as T;

const NOISE = [..."{}[]()\";:=.,$\\'`\n\t #/*+-!?<>@~&|", "${", "''", "...", "//", "->", "==", "rec", "let", "in", "inherit", "with", "if", "then", "else", "assert", "or", "\u0000", "\u00e9", "\ud83d\ude00", "9999999999999999999999", "1e400", "-0.0"];

const TOKEN = /\s+|[A-Za-z_][A-Za-z0-9_'-]*|[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|"(?:[^"\\]|\\.)*"|''|\$\{|\/\/|->|==|!=|<=|>=|&&|\|\||\.\.\.|[\s\S]/g;

export function tokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

function byteFlip(rng: Rng, text: string): string {
  let out = text;
  for (let i = 1 + int(rng, 4); i > 0; i--) {
    const at = int(rng, out.length + 1);
    const by = rng() < 0.7 ? pick(rng, NOISE) : String.fromCharCode(int(rng, 256));
    out = out.slice(0, at) + by + out.slice(at + (rng() < 0.5 ? 1 : 0));
  }
  return out;
}

function truncate(rng: Rng, text: string): string {
  return text.slice(0, int(rng, text.length + 1));
}

function tokenSwap(rng: Rng, text: string): string {
  const ts = tokens(text);
  if (ts.length < 2) return text + pick(rng, NOISE);
  for (let n = 1 + int(rng, 3); n > 0; n--) {
    const i = int(rng, ts.length);
    const j = int(rng, ts.length);
    const op = int(rng, 3);
    if (op === 0) [ts[i], ts[j]] = [ts[j] as string, ts[i] as string];
    else if (op === 1) ts.splice(i, 0, ts[j] as string);
    else ts.splice(i, 1);
  }
  return ts.join("");
}

function splice(rng: Rng, text: string, other: string): string {
  const a = int(rng, other.length + 1);
  const piece = other.slice(a, a + int(rng, 200));
  const at = int(rng, text.length + 1);
  return text.slice(0, at) + piece + text.slice(at);
}

const NESTS: readonly (readonly [string, string])[] = [
  ["(", ")"],
  ["[", "]"],
  ["{ a = ", "; }"],
  ["rec { a = ", "; }"],
  ["let a = ", "; in a"],
  ["x: ", ""],
  ['"${', '}"'],
  ["''${", "}''"],
  ["if true then ", " else null"],
  ["-", ""],
  ["!", ""],
  ["1 + ", ""],
  ["[ 1 ] ++ ", ""],
  ["{ } // ", ""],
  ["assert true; ", ""],
  ["with { }; ", ""],
  ["(y: y) ", ""],
];

/** `depth` layers of one construct around `inner`; left open (no closers) when `open`. */
export function nest(inner: string, depth: number, which: readonly [string, string], open = false): string {
  return which[0].repeat(depth) + inner + (open ? "" : which[1].repeat(depth));
}

function deepNesting(rng: Rng, text: string): string {
  const which = pick(rng, NESTS);
  const depth = pick(rng, [50, 500, 2000, 10_000, 50_000]);
  if (rng() < 0.15) return `x: x${".a".repeat(depth)}`;
  return nest(rng() < 0.5 ? "1" : text, depth, which, rng() < 0.2);
}

/** One mutant of `seed` (`other` is another seed, for splices). */
export function mutate(rng: Rng, seed: string, other: string): string {
  switch (int(rng, 6)) {
    case 0:
      return byteFlip(rng, seed);
    case 1:
      return truncate(rng, seed);
    case 2:
    case 3:
      return tokenSwap(rng, seed);
    case 4:
      return splice(rng, seed, other);
    default:
      return deepNesting(rng, seed);
  }
}
