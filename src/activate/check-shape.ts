/**
 * Shape checks for the JSON files activation trusts (the state file, a
 * generation's manifest): small combinators that walk a parsed value and
 * collect every field that is missing or of the wrong type, by its path
 * (`backups`, `files["/etc/foo"].uid`, `etc[3].mode`), so a corrupt file
 * is refused with all its problems at once instead of half-read.
 */
import { isCleanAbsolute } from "../store/file-name.ts";

/** Checks `v` (found at `at`), adding a problem for each field that does not fit. */
export type Shape = (v: unknown, at: string, problems: string[]) => void;

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  return `${typeof v === "number" ? "a number" : typeof v === "boolean" ? "a Boolean" : "a string"} (${JSON.stringify(v)})`;
}

function primitive(expected: string, ok: (v: unknown) => boolean): Shape {
  return (v, at, problems) => {
    if (!ok(v)) problems.push(`${at || "the file"} is ${v === undefined ? "missing" : describe(v)}, expected ${expected}`);
  };
}

export const string = primitive("a string", (v) => typeof v === "string");
export const boolean = primitive("a Boolean", (v) => typeof v === "boolean");
export const integer = primitive("a whole number", (v) => Number.isInteger(v));
/** An absolute, normalised path (no `.`, `..` or empty components). */
export const absolutePath = primitive("an absolute path", (v) => typeof v === "string" && isCleanAbsolute(v));

export function nullable(shape: Shape): Shape {
  return (v, at, problems) => {
    if (v !== null) shape(v, at, problems);
  };
}

export function optional(shape: Shape): Shape {
  return (v, at, problems) => {
    if (v !== undefined) shape(v, at, problems);
  };
}

export function literal(value: string | number): Shape {
  return primitive(JSON.stringify(value), (v) => v === value);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function listOf(item: Shape): Shape {
  return (v, at, problems) => {
    if (!Array.isArray(v)) return primitive("a list", () => false)(v, at, problems);
    v.forEach((x, i) => item(x, `${at}[${i}]`, problems));
  };
}

/** An object used as a map; `key` checks each key (as a string value). */
export function recordOf(value: Shape, key?: Shape): Shape {
  return (v, at, problems) => {
    if (!isObject(v)) return primitive("an object", () => false)(v, at, problems);
    for (const [k, x] of Object.entries(v)) {
      const here = `${at}[${JSON.stringify(k)}]`;
      key?.(k, `the key ${here}`, problems);
      value(x, here, problems);
    }
  };
}

/** An object with these fields (others are ignored). */
export function object(fields: Readonly<Record<string, Shape>>): Shape {
  return (v, at, problems) => {
    if (!isObject(v)) return primitive("an object", () => false)(v, at, problems);
    for (const [name, shape] of Object.entries(fields)) shape(v[name], at === "" ? name : `${at}.${name}`, problems);
  };
}

/** One of several object shapes, told apart by the string field `tag`. */
export function tagged(tag: string, variants: Readonly<Record<string, Readonly<Record<string, Shape>>>>): Shape {
  return (v, at, problems) => {
    if (!isObject(v)) return primitive("an object", () => false)(v, at, problems);
    const fields = typeof v[tag] === "string" ? variants[v[tag] as string] : undefined;
    if (fields === undefined) return primitive(Object.keys(variants).map((k) => JSON.stringify(k)).join(" or "), () => false)(v[tag], `${at}.${tag}`, problems);
    object(fields)(v, at, problems);
  };
}

/** Every problem `v` has against `shape`. */
export function shapeProblems(v: unknown, shape: Shape): string[] {
  const problems: string[] = [];
  shape(v, "", problems);
  return problems;
}
