/**
 * YAML as remarshal's json2yaml writes it for formats.yaml (yaml_1_1:
 * remarshal 2, i.e. PyYAML's SafeDumper with allow_unicode, block style,
 * the version directive and an explicit document start, "%YAML 1.1" then
 * "---", as home-manager's tests expect since nixpkgs moved to it): PyYAML's emitter for the JSON data model, ported: block
 * mappings with sequences not indented under their key, `{}`/`[]` for
 * empty collections, PyYAML's scalar analysis choosing plain, single- or
 * double-quoted style (a string the resolver would read as another type
 * is quoted), and its folding of long scalars at spaces past column 80
 * (continuation lines two spaces deeper than their container). yaml_1_2
 * uses the same emitter with YAML 1.2's resolver (remarshal 1.x with
 * ruamel.yaml; not byte-checked against it).
 */
import type { Json } from "./render.ts";
import { BREAKS, Writer } from "./yaml-writer.ts";

type Version = "1.1" | "1.2";
const WS = "\0 \t\r\n\x85\u2028\u2029";

const RESOLVE: Record<Version, readonly RegExp[]> = {
  "1.1": [
    /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
    /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
    /^(?:<<)$/,
    /^(?:~|null|Null|NULL|)$/,
    /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
    /^(?:=)$/,
  ],
  "1.2": [
    /^(?:true|True|TRUE|false|False|FALSE)$/,
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
    /^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$/,
    /^(?:<<)$/,
    /^(?:~|null|Null|NULL|)$/,
    /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  ],
};

interface Analysis {
  empty: boolean;
  multiline: boolean;
  plain: boolean;
  single: boolean;
}

/** PyYAML's analyze_scalar, reduced to what block context needs. */
function analyse(s: string): Analysis {
  const cs = [...s];
  if (cs.length === 0) return { empty: true, multiline: false, plain: true, single: true };
  let block = s.startsWith("---") || s.startsWith("..."), breaks = false, special = false;
  let leadSpace = false, leadBreak = false, trailSpace = false, trailBreak = false, breakSpace = false, spaceBreak = false;
  let precededWs = true, followedWs = cs.length === 1 || WS.includes(cs[1] as string), prevSpace = false, prevBreak = false;
  cs.forEach((ch, i) => {
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) block = true;
      if ("?:".includes(ch) && followedWs) block = true;
      if (ch === "-" && followedWs) block = true;
    } else {
      if (ch === ":" && followedWs) block = true;
      if (ch === "#" && precededWs) block = true;
    }
    if (BREAKS.includes(ch)) breaks = true;
    const c = ch.codePointAt(0) as number;
    if (!(ch === "\n" || (c >= 0x20 && c <= 0x7e))) {
      const unicode = (c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c < 0x10ffff)) && c !== 0xfeff;
      if (!unicode) special = true;
    }
    if (ch === " ") {
      if (i === 0) leadSpace = true;
      if (i === cs.length - 1) trailSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (i === 0) leadBreak = true;
      if (i === cs.length - 1) trailBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else prevSpace = prevBreak = false;
    precededWs = WS.includes(ch);
    followedWs = i + 2 >= cs.length || WS.includes(cs[i + 2] as string);
  });
  let plain = !(leadSpace || leadBreak || trailSpace || trailBreak || breakSpace || spaceBreak || special || breaks || block);
  const single = !(breakSpace || spaceBreak || special);
  return { empty: false, multiline: breaks, plain, single };
}

/** Python's repr of a float, then PyYAML's represent_float. */
function pyFloat(literal: string): string {
  const n = Number(literal);
  const [mant, expS] = n.toExponential().split("e") as [string, string];
  const exp = Number(expS);
  const digits = mant.replace("-", "").replace(".", "");
  const sign = n < 0 ? "-" : "";
  let r: string;
  if (exp >= -4 && exp < 16) {
    if (exp < 0) r = `0.${"0".repeat(-exp - 1)}${digits}`;
    else r = digits.length > exp + 1 ? `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}` : `${digits}${"0".repeat(exp + 1 - digits.length)}.0`;
    r = sign + r;
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    r = `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return !r.includes(".") && r.includes("e") ? r.replace("e", ".0e") : r;
}

const isObj = (v: Json): v is [string, Json][] & { obj: true } => Array.isArray(v) && (v as { obj?: boolean }).obj === true;

export function toYaml(v: Json, version: Version): string {
  const w = new Writer();
  const scalar = (s: Json, indent: number, key: boolean) => {
    if (s === null) return w.plain("null", indent, !key);
    if (typeof s === "boolean") return w.plain(String(s), indent, !key);
    if (typeof s === "object" && !Array.isArray(s)) return w.plain(s.num.includes(".") || /e/i.test(s.num) ? pyFloat(s.num) : s.num, indent, !key);
    const text = s as string;
    const a = analyse(text);
    const implicit = !RESOLVE[version].some((re) => re.test(text));
    if (implicit && !(key && (a.empty || a.multiline)) && a.plain && !a.empty) return w.plain(text, indent, !key);
    if (a.single && !(key && a.multiline)) return w.single(text, indent, !key);
    return w.double(text, indent, !key);
  };
  const node = (x: Json, indent: number, inMapping: boolean): void => {
    if (isObj(x)) {
      if (x.length === 0) return w.indicator("{}", true);
      for (const [k, val] of x) {
        w.indent(indent);
        if (k === "" || [...k].length >= 128 || [...k].some((c) => BREAKS.includes(c))) {
          // Not a simple key (PyYAML's check_simple_key): "? key" then ": value".
          w.indicator("?", true, true);
          scalar(k, indent + 2, false);
          w.indent(indent);
          w.indicator(":", true, true);
        } else {
          scalar(k, indent + 2, true);
          w.indicator(":", false);
        }
        node(val, indent + 2, true);
      }
    } else if (Array.isArray(x)) {
      if (x.length === 0) return w.indicator("[]", true);
      // A sequence under a mapping key is not indented (PyYAML's indentless sequence).
      const own = inMapping && !w.indention ? indent - 2 : indent;
      for (const item of x) {
        w.indent(own);
        w.indicator("-", true, true);
        node(item, own + 2, false);
      }
    } else scalar(x, indent, false);
  };
  if (version === "1.1") {
    // remarshal 2's document start: the version directive, then an explicit "---".
    w.write("%YAML 1.1");
    w.lineBreak();
    w.indicator("---", true);
  }
  const start = w.out.length;
  if (isObj(v) || Array.isArray(v)) {
    node(v, 0, false);
    w.lineBreak();
    return w.out;
  }
  scalar(v, 2, false);
  const open = !/^ ?['"]/.test(w.out.slice(start));
  w.lineBreak();
  return open ? `${w.out}...\n` : w.out;
}
