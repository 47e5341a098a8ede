/**
 * `lib.strings` escaping: for the shell (escapeShellArg quotes unless the
 * string is made only of safe characters; toShellVar(s) for bash
 * variables, arrays and associative arrays), for Nix (escapeNixString,
 * escapeNixIdentifier), regular expressions, XML, C and URLs.
 */
import { force, NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { escapeNixIdentifier, escapeNixString } from "../module-system/option-path.ts";
import { fn } from "./fn.ts";
import { expectList, expectString, nixThrow, stringFrom, text } from "../nix/expect.ts";
import { nixToString } from "./coercion.ts";
import { concatStringsSep, replaceStrings } from "./strings.ts";
import { regexMatch } from "../nix/builtins/regex.ts";
import { isStringLike } from "./strings-more.ts";
import { charToInt } from "./strings-extra.ts";

const SHELL_SAFE = /^[a-zA-Z0-9,._+:@%/-]+$/;

export function escapeShellArg(arg: Lazy): Value {
  const s = nixToString(arg);
  const t = String(s);
  return SHELL_SAFE.test(t) ? s : stringFrom(`'${t.replaceAll("'", "'\\''")}'`, s);
}

function escape(chars: readonly string[], s: Value): Value {
  return replaceStrings(chars, chars.map((c) => `\\${c}`), s);
}

const isValidPosixName = (name: string) => regexMatch("[a-zA-Z_][a-zA-Z0-9_]*", name) !== null;

function toShellVar(name: string, value: Lazy): Value {
  if (!isValidPosixName(name)) nixThrow(`toShellVar: ${name} is not a valid shell variable name`);
  const v = force(value);
  if (v instanceof NixAttrs && !isStringLike(v)) {
    const items = v.keys().map((k) => `[${String(escapeShellArg(k))}]=${String(escapeShellArg(v.lazy(k) as Lazy))}`);
    return `declare -A ${name}=(${items.join(" ")})`;
  }
  if (Array.isArray(v)) return `declare -a ${name}=(${v.map((x) => String(escapeShellArg(x))).join(" ")})`;
  return concatStringsSep("", [`${name}=`, escapeShellArg(v)]);
}

export function stringsEscapeLib(): Record<string, Value> {
  return {
    escape: fn("escape", (list, s) => escape(expectList(list).map(text), expectString(s))),
    escapeShellArg: fn("escapeShellArg", escapeShellArg),
    escapeShellArgs: fn("escapeShellArgs", (list) => concatStringsSep(" ", expectList(list).map(escapeShellArg))),
    escapeNixString: fn("escapeNixString", (s) => stringFrom(escapeNixString(text(s)), force(s))),
    escapeNixIdentifier: fn("escapeNixIdentifier", (s) => escapeNixIdentifier(text(s))),
    escapeRegex: fn("escapeRegex", (s) => escape([..."\\[{()^$?*+|."], expectString(s))),
    escapeXML: fn("escapeXML", (s) =>
      replaceStrings(['"', "'", "<", ">", "&"], ["&quot;", "&apos;", "&lt;", "&gt;", "&amp;"], expectString(s)),
    ),
    escapeC: fn("escapeC", (list, s) => {
      const chars = expectList(list).map(text);
      return replaceStrings(chars, chars.map((c) => new Thunk(() => `\\x${charToInt(c).toString(16).padStart(2, "0")}`)), expectString(s));
    }),
    escapeURL: fn("escapeURL", (s) => {
      const bytes = Buffer.from(text(s), "utf8");
      // nixpkgs escapes the characters of its ASCII table (tab, newline, carriage return, printable) that are not unreserved; other bytes pass.
      const escaped = (b: number) => (b === 9 || b === 10 || b === 13 || (b >= 32 && b <= 126)) && !/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b));
      const out = Buffer.concat([...bytes].map((b) => (escaped(b) ? Buffer.from(`%${b.toString(16).toUpperCase().padStart(2, "0")}`) : Buffer.from([b]))));
      return stringFrom(out.toString("utf8"), force(s));
    }),
    isValidPosixName: fn("isValidPosixName", (name) => isValidPosixName(text(name))),
    toShellVar: fn("toShellVar", (name, value) => toShellVar(text(name), value)),
    toShellVars: fn("toShellVars", (vars) => {
      const set = force(vars) as NixAttrs;
      return concatStringsSep("\n", set.keys().map((k) => toShellVar(k, set.lazy(k) as Lazy)));
    }),
  };
}
