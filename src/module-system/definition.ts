/**
 * A definition: a value given to an option by one module, with where it was
 * written (the module's file, and a position when the source told us one).
 */
import { toPretty } from "./pretty.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { CatchableError, EvalError } from "../nix/errors.ts";
import type { Lazy } from "../nix/value.ts";
import type { Span } from "../diagnostics/location.ts";

export interface Definition {
  readonly file: string;
  readonly pos?: Span;
  readonly value: Lazy;
}

/** `file` or `file:line` when the definition's line is known. */
export function showSite(d: { readonly file: string; readonly pos?: Span }): string {
  if (d.pos === undefined || d.pos.line <= 0) return d.file;
  // An anonymous module (NixOS's "<unknown-file>") still has a position: show where it was written.
  if (d.pos.file === d.file || d.file === "<unknown-file>") return `${d.pos.file}:${d.pos.line}`;
  return d.file;
}

/** Whether `tryEval` would catch the error: a Nix `throw` or failed `assert`, or the module system's own errors (throws in nixpkgs). */
function failsLikeThrow(e: unknown): boolean {
  return e instanceof CatchableError || (e instanceof UserError && !(e instanceof EvalError));
}

/** NixOS's `showDefs`: one "- In `file': value" line per definition, values cut after 5 lines (of at most 1024 characters). */
export function showDefs(defs: readonly Definition[]): string {
  return defs
    .map((def) => {
      let pretty: string | undefined;
      try {
        // Five lines are shown: a few hundred values are plenty, whatever the value's size.
        pretty = toPretty(def.value, "", 0, { maxItems: 200 });
      } catch (e) {
        // As nixpkgs' `tryEval`: a value that throws is not shown; an abort (or any other failure) is the error.
        if (!failsLikeThrow(e)) throw e;
        pretty = undefined;
      }
      let result = "";
      if (pretty !== undefined) {
        const lines = pretty.split("\n");
        const shown = lines.slice(0, 5).map((l) => (l.length > 1024 ? `${l.slice(0, 1024)}…` : l)).concat(lines.length > 5 ? ["..."] : []);
        result = lines.length > 1 ? ":\n    " + shown.join("\n    ") : ": " + shown[0];
      }
      return "\n- In `" + showSite(def) + "'" + result;
    })
    .join("");
}
