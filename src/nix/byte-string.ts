/**
 * Nix strings are bytes; ours are JavaScript strings holding the text the
 * bytes encode in UTF-8. A byte that is not part of valid UTF-8 (0x80 to
 * 0xFF) is held as the lone surrogate U+DC80 to U+DCFF (as Python's
 * "surrogateescape"), so such bytes survive reading (sources, readFile)
 * and give back the same bytes wherever a string leaves as bytes (hashes,
 * lengths, substrings). Valid UTF-8 never decodes to a lone surrogate, so
 * the two cannot be confused.
 */
import { isUtf8 } from "node:buffer";

const ASCII = /^[\x00-\x7f]*$/;
/** A held byte: a lone surrogate of U+DC80..U+DCFF (the `u` flag leaves out the halves of pairs). */
const HELD = /[\udc80-\udcff]/u;
const HELD_ALL = /[\udc80-\udcff]/gu;
const HELD_SPLIT = /([\udc80-\udcff])/u;

/** How many bytes the valid UTF-8 sequence at `i` takes, or 0 when the byte there starts none. */
function sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i] as number;
  const cont = (j: number, lo = 0x80, hi = 0xbf): boolean => i + j < b.length && (b[i + j] as number) >= lo && (b[i + j] as number) <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** The string of `bytes`: their UTF-8 text, each byte outside valid UTF-8 held as U+DC80 + (byte - 0x80). */
export function decodeBytes(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buf)) return buf.toString("utf8");
  let out = "";
  let start = 0;
  for (let i = 0; i < buf.length; ) {
    if ((buf[i] as number) < 0x80) {
      i++;
      continue;
    }
    const n = sequenceLength(buf, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += buf.toString("utf8", start, i) + String.fromCharCode(0xdc00 + (buf[i] as number));
    start = ++i;
  }
  return out + buf.toString("utf8", start);
}

/** Whether `s` holds bytes that are not UTF-8. */
export function holdsInvalidBytes(s: string): boolean {
  return !ASCII.test(s) && HELD.test(s);
}

/** The bytes `s` stands for. */
export function encodeBytes(s: string): Buffer {
  if (!holdsInvalidBytes(s)) return Buffer.from(s, "utf8");
  const parts = s.split(HELD_SPLIT);
  return Buffer.concat(parts.map((p, i) => (i % 2 === 0 ? Buffer.from(p, "utf8") : Buffer.of(p.charCodeAt(0) - 0xdc00))));
}

/** How many bytes `s` stands for (Nix's `stringLength`). */
export function byteLength(s: string): number {
  if (ASCII.test(s)) return s.length;
  const held = HELD.test(s) ? (s.match(HELD_ALL) as RegExpMatchArray).length : 0;
  // Buffer.byteLength counts a lone surrogate as the 3 bytes of U+FFFD.
  return Buffer.byteLength(s, "utf8") - 2 * held;
}

/** `len` bytes from byte offset `start` (clamped); a character cut in two leaves its bytes held. */
export function byteSlice(s: string, start: number, len: number): string {
  if (ASCII.test(s)) return s.slice(start, start + len);
  return decodeBytes(encodeBytes(s).subarray(start, start + len));
}

/** Whether putting `right` after `left` joins held bytes, which may then make a character. */
function joinsHeldBytes(left: string, right: string): boolean {
  const first = right.charCodeAt(0);
  if (!(first >= 0xdc80 && first <= 0xdcff) || left === "") return false;
  const last = left.charCodeAt(left.length - 1);
  if (last < 0xdc80 || last > 0xdcff) return false;
  const before = left.length > 1 ? left.charCodeAt(left.length - 2) : 0;
  return before < 0xd800 || before > 0xdbff;
}

/** `left` then `right`, as their bytes joined (`+`, interpolation): held bytes that meet and make a character become it. */
export function concatBytes(left: string, right: string): string {
  return joinsHeldBytes(left, right) ? decodeBytes(encodeBytes(left + right)) : left + right;
}

/** `pieces` joined by `sep`, as their bytes joined: held bytes that meet and make a character become it. */
export function joinStrings(pieces: readonly string[], sep: string): string {
  const joined = pieces.join(sep);
  let prev = "";
  for (let i = 0; i < pieces.length; i++) {
    if (i > 0 && sep !== "") {
      if (joinsHeldBytes(prev, sep)) return decodeBytes(encodeBytes(joined));
      prev = sep;
    }
    const x = pieces[i] as string;
    if (x === "") continue;
    if (joinsHeldBytes(prev, x)) return decodeBytes(encodeBytes(joined));
    prev = x;
  }
  return joined;
}

/**
 * Where `s` stops being UTF-8 as nlohmann::json's dump finds it (a byte at
 * a time): the offset and value of the first byte that can neither start
 * nor continue a character, or `incomplete` with the last byte when the
 * string ends inside one; undefined when `s` is UTF-8.
 */
export function invalidUtf8(s: string): { readonly index: number; readonly byte: number } | { readonly incomplete: number } | undefined {
  if (!holdsInvalidBytes(s)) return undefined;
  const b = encodeBytes(s);
  let need = 0;
  let lo = 0x80;
  let hi = 0xbf;
  for (let i = 0; i < b.length; i++) {
    const x = b[i] as number;
    if (need > 0) {
      if (x < lo || x > hi) return { index: i, byte: x };
      need--;
      lo = 0x80;
      hi = 0xbf;
    } else if (x >= 0xc2 && x <= 0xdf) need = 1;
    else if (x >= 0xe0 && x <= 0xef) {
      need = 2;
      if (x === 0xe0) lo = 0xa0;
      if (x === 0xed) hi = 0x9f;
    } else if (x >= 0xf0 && x <= 0xf4) {
      need = 3;
      if (x === 0xf0) lo = 0x90;
      if (x === 0xf4) hi = 0x8f;
    } else if (x >= 0x80) return { index: i, byte: x };
  }
  return need > 0 ? { incomplete: b[b.length - 1] as number } : undefined;
}
