/**
 * Pending strings: what a JavaScript string coercion of a Nix value gives
 * when the value cannot be known yet (its computation threw
 * NotYetKnownError). JavaScript forces a template literal at once, where
 * Nix would leave the interpolation lazy; a TypeScript module written as
 * a function interpolates `${pkgs.hello}` while the modules are still
 * being collected, before `nixpkgs.hostPlatform` (and so the store path)
 * is known. The coercion then gives a placeholder (as Nix's
 * `builtins.placeholder`, "/" and 32 base-32 characters, this process'
 * own), and a string holding placeholders is resolved when it crosses
 * back into Nix and is forced: each placeholder becomes the value's text,
 * its context kept. A placeholder whose text was changed (cut, cased) can
 * not be resolved: that is an error naming the value.
 */
import { randomBytes } from "node:crypto";
import { EvalError, NotYetKnownError } from "./errors.ts";
import { mkString, type Coerced } from "./coerce.ts";
import { nixBase32 } from "./nix-base32.ts";
import type { Value } from "./value.ts";

interface Pending {
  readonly label: () => string;
  readonly resolve: () => Coerced;
}

const pending = new Map<string, Pending>();

/** This process' placeholder prefix and its patterns, made with the first placeholder (most evaluations make none, and need no random bytes). */
let made: { readonly prefix: string; readonly placeholder: RegExp; readonly left: RegExp } | undefined;
function prefix() {
  if (made !== undefined) return made;
  const p = nixBase32(randomBytes(15));
  return (made = { prefix: p, placeholder: new RegExp(`/${p}([0-9a-z]{8})`, "g"), left: new RegExp(p, "i") });
}

/** `coerce()`, or a placeholder resolved by calling it again later if it throws NotYetKnownError (`label` names the value). */
export function coerceOrPending(label: () => string, coerce: () => Coerced): string {
  try {
    return coerce().text;
  } catch (e) {
    if (!(e instanceof NotYetKnownError)) throw e;
    const n = pending.size;
    const code = nixBase32(Buffer.from([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff, 0]));
    pending.set(code, { label, resolve: coerce });
    return `/${prefix().prefix}${code}`;
  }
}

/** Whether `s` holds a placeholder (or what is left of one). */
export function isPending(s: string): boolean {
  return pending.size > 0 && prefix().left.test(s);
}

/** `s` with each placeholder replaced by its value's text, the values' contexts its context. */
export function resolvePending(s: string): Value {
  const context = new Set<string>();
  const { placeholder, left } = prefix();
  const text = s.replace(placeholder, (whole, code: string) => {
    const p = pending.get(code);
    if (p === undefined) return whole;
    const c = p.resolve();
    for (const x of c.context) context.add(x);
    return c.text;
  });
  if (left.test(text)) {
    const labels = [...new Set([...pending.values()].map((p) => p.label()))].join("', '");
    throw new EvalError(
      `a string was made from '${labels}' before its value was known (while the modules were being collected) and then changed, so its value cannot be put back: interpolate it whole ("\${…}/bin/…"), or compute the string lazily, in a getter or \`lazy(() => …)'`,
    );
  }
  return mkString(text, context);
}
