/**
 * `builtins.toXML`: Nix's XML rendering of a fully forced value, element
 * for element (`<attrs>`, `<attr name=…>`, `<int value=…/>`, `<derivation
 * drvPath=… outPath=…>` with `<repeated />` for a derivation met again,
 * `<function>` with its pattern (`<varpat name=…/>` or `<attrspat>` with
 * the `@` name and each formal), `<unevaluated />` for builtins), indented
 * by two spaces. The result carries the contexts of the strings in it.
 */
import { mkString } from "../coerce.ts";
import { force, isDerivation, NixAttrs, NixFunction, NixPath, NixString, type Lazy, type Value } from "../value.ts";
import { printFloat } from "../print-value.ts";
import { primop } from "./primop.ts";

const ESCAPES: Readonly<Record<string, string>> = {
  "<": "&lt;",
  ">": "&gt;",
  "&": "&amp;",
  '"': "&quot;",
  "\n": "&#xA;",
  "\r": "&#xD;",
  "\t": "&#x9;",
};

function attrText(attrs: Record<string, string>): string {
  return Object.keys(attrs)
    .sort()
    .map((k) => ` ${k}="${(attrs[k] as string).replace(/[<>&"\n\r\t]/g, (c) => ESCAPES[c] as string)}"`)
    .join("");
}

class XmlWriter {
  out = "<?xml version='1.0' encoding='utf-8'?>\n";
  #depth = 0;
  readonly context = new Set<string>();
  readonly #drvsSeen = new Set<string>();

  empty(name: string, attrs: Record<string, string> = {}): void {
    this.out += `${"  ".repeat(this.#depth)}<${name}${attrText(attrs)} />\n`;
  }

  element(name: string, attrs: Record<string, string>, body: () => void): void {
    this.out += `${"  ".repeat(this.#depth)}<${name}${attrText(attrs)}>\n`;
    this.#depth++;
    body();
    this.#depth--;
    this.out += `${"  ".repeat(this.#depth)}</${name}>\n`;
  }

  text(v: Value): string {
    if (v instanceof NixString) for (const c of v.context) this.context.add(c);
    return String(v);
  }

  value(lazyValue: Lazy): void {
    const v = force(lazyValue);
    if (v === null) this.empty("null");
    else if (typeof v === "boolean") this.empty("bool", { value: v ? "true" : "false" });
    else if (typeof v === "bigint") this.empty("int", { value: v.toString() });
    else if (typeof v === "number") this.empty("float", { value: printFloat(v) });
    else if (typeof v === "string" || v instanceof NixString) this.empty("string", { value: this.text(v) });
    else if (v instanceof NixPath) this.empty("path", { value: v.path });
    else if (Array.isArray(v)) this.element("list", {}, () => v.forEach((x) => this.value(x)));
    else if (v instanceof NixAttrs) this.attrs(v);
    else this.func(v);
  }

  attrs(v: NixAttrs): void {
    if (!isDerivation(v)) {
      this.element("attrs", {}, () => this.attrList(v));
      return;
    }
    const xmlAttrs: Record<string, string> = {};
    const drvPath = v.get("drvPath");
    if (drvPath !== undefined) xmlAttrs.drvPath = this.text(drvPath);
    const outPath = v.get("outPath");
    if (outPath !== undefined) xmlAttrs.outPath = this.text(outPath);
    this.element("derivation", xmlAttrs, () => {
      const key = xmlAttrs.drvPath;
      if (key !== undefined && this.#drvsSeen.has(key)) this.empty("repeated");
      else {
        if (key !== undefined) this.#drvsSeen.add(key);
        this.attrList(v);
      }
    });
  }

  attrList(v: NixAttrs): void {
    for (const k of v.keys()) this.element("attr", { name: k }, () => this.value(v.lazy(k) as Lazy));
  }

  func(f: NixFunction): void {
    if (f.name?.startsWith("builtins.")) {
      this.empty("unevaluated");
      return;
    }
    this.element("function", {}, () => {
      const formals = f.formals;
      const arg = f.info.arg;
      if (formals === undefined) {
        this.empty("varpat", { name: arg ?? "" });
        return;
      }
      const pattern: Record<string, string> = {};
      if (arg !== undefined) pattern.name = arg;
      if (formals.ellipsis) pattern.ellipsis = "1";
      this.element("attrspat", pattern, () => {
        for (const name of [...formals.names.keys()].sort()) this.empty("attr", { name });
      });
    });
  }
}

export function toXML(v: Lazy): { text: string; context: ReadonlySet<string> } {
  const w = new XmlWriter();
  w.element("expr", {}, () => w.value(v));
  return { text: w.out, context: w.context };
}

export function xmlBuiltins(): Record<string, Value> {
  return {
    toXML: primop("toXML", 1, (v) => {
      const r = toXML(v);
      return mkString(r.text, r.context);
    }),
  };
}
