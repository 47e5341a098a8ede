/**
 * Indented strings (`''…''`): the minimum indentation of their lines is
 * removed, following C++ Nix's ParserState::stripIndentation exactly.
 * Literal runs count leading spaces (a tab is content); escape tokens and
 * interpolations end a line's leading whitespace; whitespace-only lines do
 * not count; a trailing whitespace-only line is dropped.
 */
import type { Span } from "../../diagnostics/location.ts";
import type { Expr } from "../ast.ts";

export type IndPart =
  /** A literal run (`hasIndentation`) or an escape token (`''$`, `'''`, `''\x`, `$`, `'`). */
  | { readonly kind: "text"; readonly text: string; readonly literal: boolean; readonly span: Span }
  | { readonly kind: "interp"; readonly expr: Expr };

export function stripIndentation(parts: readonly IndPart[], span: Span): Expr {
  let atStartOfLine = true;
  let minIndent = 1000000;
  let curIndent = 0;
  for (const p of parts) {
    if (p.kind === "interp" || !p.literal) {
      if (atStartOfLine) {
        atStartOfLine = false;
        if (curIndent < minIndent) minIndent = curIndent;
      }
      continue;
    }
    for (const ch of p.text) {
      if (atStartOfLine) {
        if (ch === " ") curIndent++;
        else if (ch === "\n") curIndent = 0;
        else {
          atStartOfLine = false;
          if (curIndent < minIndent) minIndent = curIndent;
        }
      } else if (ch === "\n") {
        atStartOfLine = true;
        curIndent = 0;
      }
    }
  }

  const out: Expr[] = [];
  atStartOfLine = true;
  let curDropped = 0;
  parts.forEach((p, i) => {
    if (p.kind === "interp") {
      atStartOfLine = false;
      curDropped = 0;
      out.push(p.expr);
      return;
    }
    let s = "";
    for (const ch of p.text) {
      if (atStartOfLine) {
        if (ch === " ") {
          if (curDropped++ >= minIndent) s += ch;
        } else if (ch === "\n") {
          curDropped = 0;
          s += ch;
        } else {
          atStartOfLine = false;
          curDropped = 0;
          s += ch;
        }
      } else {
        s += ch;
        if (ch === "\n") atStartOfLine = true;
      }
    }
    if (i === parts.length - 1) {
      const nl = s.lastIndexOf("\n");
      if (nl >= 0 && /^ *$/.test(s.slice(nl + 1))) s = s.slice(0, nl + 1);
    }
    if (s !== "") out.push({ kind: "str", value: s, span: p.span });
  });

  if (out.length === 0) return { kind: "str", value: "", span };
  if (out.length === 1 && out[0]?.kind === "str") return { kind: "str", value: out[0].value, span };
  return { kind: "concat", parts: out, isPath: false, span };
}
