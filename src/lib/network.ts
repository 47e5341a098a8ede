/**
 * `lib.network.ipv6`: `fromString` reads an IPv6 address, optionally in
 * CIDR notation, into `{ address; prefixLength; }` (the address written
 * out in full, lower case, without leading zeros); `mkEUI64Suffix` turns
 * a MAC address into the EUI-64 interface identifier. Malformed input is
 * refused with nixpkgs' messages.
 */
import { force, Thunk, type Lazy, type NixAttrs, type Value } from "../nix/value.ts";
import { call, fn } from "./fn.ts";
import type { LibEnv } from "./lib-context.ts";
import { attrs, nixThrow, text } from "../nix/expect.ts";

const PIECES = 8;

/** The eight 16-bit pieces of an address ("::" expanded). */
function expand(addr: string): string[] {
  if (!/^[0-9A-Fa-f:]+$/.test(addr)) nixThrow(`${addr} contains malformed characters for IPv6 address`);
  const pieces = addr.split(":");
  const nonEmpty = pieces.filter((p) => p !== "");
  const zeros = Array.from({ length: PIECES - nonEmpty.length }, () => "0");
  if (addr === "::") return zeros;
  const [prefix, suffix, infix] = [addr.startsWith("::"), addr.endsWith("::"), addr.includes("::")];
  const expectedEmpty = prefix || suffix ? 2 : infix ? 1 : 0;
  if (pieces.length - nonEmpty.length !== expectedEmpty || (infix && nonEmpty.length >= PIECES) || (!infix && nonEmpty.length !== PIECES)) {
    nixThrow(`${addr} is not a valid IPv6 address`);
  }
  if (prefix) return [...zeros, ...nonEmpty];
  if (suffix) return [...nonEmpty, ...zeros];
  if (infix) return pieces.flatMap((p) => (p === "" ? zeros : [p]));
  return pieces;
}

function parse(addr: string): bigint[] {
  return expand(addr).map((hex) => {
    const m = /^(0x)?([0-7]?[0-9A-Fa-f]{1,15})$/.exec(hex);
    const n = m === null ? -1n : BigInt(`0x${m[2]}`);
    if (n < 0n || n > 65535n) nixThrow(`0x${hex} is not a valid u16 integer`);
    return n;
  });
}

export function networkLib(env: LibEnv): Record<string, Value> {
  const toInt = (s: string) => force(call((env.self() as NixAttrs).lazy("toInt") as Lazy, s)) as bigint;
  return {
    ipv6: attrs({
      // As in nixpkgs, the fields are checked when read.
      fromString: fn("fromString", (a) => {
        const split = () => {
          const addr = text(a);
          const parts = addr.split("/");
          if (parts.length > 2) nixThrow(`${addr} is not a valid IPv6 address in CIDR notation`);
          return { addr, parts };
        };
        const address = new Thunk(() =>
          parse(split().parts[0] as string)
            .map((p) => p.toString(16))
            .join(":"),
        );
        const prefixLength = new Thunk(() => {
          const { addr, parts } = split();
          if (parts.length === 1) return 128n;
          const n = toInt(parts[1] as string);
          if (n < 1n || n > 128n) nixThrow(`${addr} IPv6 subnet should be in range [1;128], got ${n}`);
          return n;
        });
        return attrs({ address, prefixLength });
      }),
      mkEUI64Suffix: fn("mkEUI64Suffix", (m) => {
        const mac = text(m);
        const o = /^([0-9A-Fa-f]{2})[-:.]?([0-9A-Fa-f]{2})[-:.]?([0-9A-Fa-f]{2})[-:.]?([0-9A-Fa-f]{2})[-:.]?([0-9A-Fa-f]{2})[-:.]?([0-9A-Fa-f]{2})$/.exec(mac);
        if (o === null) nixThrow(`"${mac}" is not a valid MAC address (expected 6 octets of hex digits)`);
        const first = (BigInt(`0x${o[1]}${o[2]}`) ^ 512n).toString(16);
        return [first, `${o[3]}ff`, `fe${o[4]}`, `${o[5]}${o[6]}`].join(":").toLowerCase();
      }),
    }),
  };
}
