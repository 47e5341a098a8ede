/**
 * Hashing builtins: `hashString` and `hashFile` (md5, sha1, sha256, sha512;
 * lowercase hex) and `convertHash` between base16, nix32 (alias base32),
 * base64 and SRI, reading any of those forms.
 */
import { createHash } from "node:crypto";
import { encodeBytes } from "../byte-string.ts";
import { EvalError } from "../errors.ts";
import type { Value } from "../value.ts";
import type { BuiltinContext } from "./builtin-context.ts";
import { io, realisePath } from "./files.ts";
import { argFrame, forceAttrs, forceString, forceStringNoCtx, primop } from "./primop.ts";
import { fromNixBase32, nixBase32 } from "../nix-base32.ts";

const SIZES: Readonly<Record<string, number>> = { md5: 16, sha1: 20, sha256: 32, sha512: 64 };

/** A hash algorithm this evaluator computes; BLAKE3 is refused as Nix refuses it without the experimental feature 'blake3-hashes'. */
export function checkAlgo(algo: string): string {
  if (algo === "blake3") throw new EvalError("experimental Nix feature 'blake3-hashes' is disabled; add '--extra-experimental-features blake3-hashes' to enable it");
  if (SIZES[algo] === undefined) throw new EvalError(`unknown hash algorithm '${algo}', expect 'blake3', 'md5', 'sha1', 'sha256', or 'sha512'`);
  return algo;
}

export function hashHex(algo: string, data: string | Uint8Array): string {
  return createHash(checkAlgo(algo)).update(data).digest("hex");
}

/** Reads a hash in any of Nix's forms ("sha256:…", SRI, or bare with a known algorithm). */
export function parseHash(text: string, algo: string | undefined): { algo: string; bytes: Buffer } {
  let a = algo;
  let body = text;
  let sri = false;
  const colon = text.indexOf(":");
  const dash = text.indexOf("-");
  if (colon !== -1) {
    a = text.slice(0, colon);
    body = text.slice(colon + 1);
  } else if (dash !== -1 && SIZES[text.slice(0, dash)] !== undefined) {
    a = text.slice(0, dash);
    body = text.slice(dash + 1);
    sri = true;
  }
  if (a === undefined) throw new EvalError(`hash '${text}' does not include a type, nor is the type otherwise known from context`);
  const size = SIZES[checkAlgo(a)] as number;
  let bytes: Buffer | undefined;
  if (!sri && body.length === size * 2 && /^[0-9a-fA-F]*$/.test(body)) bytes = Buffer.from(body, "hex");
  else if (!sri && body.length === Math.floor((size * 8 - 1) / 5) + 1) bytes = fromNixBase32(body, size);
  else if (body.length === Math.ceil(size / 3) * 4) bytes = Buffer.from(body, "base64");
  if (bytes === undefined || bytes.length !== size) throw new EvalError(`invalid ${sri ? "SRI " : ""}hash '${text}'`);
  return { algo: a, bytes };
}

export function formatHash(algo: string, bytes: Buffer, format: string): string {
  switch (format) {
    case "base16":
      return bytes.toString("hex");
    case "nix32":
    case "base32":
      return nixBase32(bytes);
    case "base64":
      return bytes.toString("base64");
    case "sri":
      return `${algo}-${bytes.toString("base64")}`;
  }
  throw new EvalError(`unknown hash format '${format}', expect 'base16', 'base32', 'nix32', 'base64', or 'sri'`);
}

export function hashBuiltins(ctx: BuiltinContext): Record<string, Value> {
  return {
    hashString: primop("hashString", 2, (a, s) => {
      const algo = forceStringNoCtx(a, argFrame(0, "hashString"));
      return hashHex(algo, encodeBytes(forceString(s, argFrame(1, "hashString")).text));
    }),
    hashFile: primop("hashFile", 2, (a, p) => {
      const algo = checkAlgo(forceStringNoCtx(a, argFrame(0, "hashFile")));
      const path = realisePath(ctx, p, argFrame(1, "hashFile"));
      if (!ctx.io.pathExists(path)) throw new EvalError(`path '${path}' does not exist`);
      return hashHex(algo, io(`opening file '${path}'`, () => ctx.io.readFile(path)));
    }),
    convertHash: primop("convertHash", 1, (args) => {
      const set = forceAttrs(args, argFrame(0, "convertHash"));
      const field = (name: string) => {
        const v = set.lazy(name);
        return v === undefined ? undefined : forceStringNoCtx(v, `while evaluating the attribute '${name}' passed to builtins.convertHash`);
      };
      const hash = field("hash");
      if (hash === undefined) throw new EvalError("attribute 'hash' missing");
      const to = field("toHashFormat");
      if (to === undefined) throw new EvalError("attribute 'toHashFormat' missing");
      const parsed = parseHash(hash, field("hashAlgo"));
      return formatHash(parsed.algo, parsed.bytes, to);
    }),
  };
}
