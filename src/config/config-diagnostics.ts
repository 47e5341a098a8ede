/**
 * Compiler diagnostics (TypeScript's and esbuild's) as one UserError: every
 * diagnostic listed as `file:line:column: message`, the error's location
 * being the first one (collect, then fail once).
 */
import ts from "typescript";
import type { Message } from "esbuild";
import { resolve } from "node:path";
import { showSpan, type Span } from "../diagnostics/location.ts";
import { UserError } from "../diagnostics/user-error.ts";

export interface ConfigDiagnostic {
  readonly span: Span;
  readonly message: string;
}

/** `kind` names the diagnostics in the message: "syntax error", "type error". */
export function diagnosticsError(entry: string, kind: string, diagnostics: readonly ConfigDiagnostic[]): UserError {
  const n = diagnostics.length;
  const list = diagnostics.map((d) => `${showSpan(d.span)}: ${d.message.replaceAll("\n", "\n  ")}`).join("\n");
  return new UserError(`Cannot load the configuration '${entry}': ${n} ${kind}${n === 1 ? "" : "s"}\n${list}`, diagnostics[0]?.span);
}

/** TypeScript's "Object literal may only specify known properties" about a module's definitions: the name may be an option a module of the configuration declares. */
const UNKNOWN_IN_MODULE = /'([^']+)' does not exist in type 'Module<(?:System|Home)Config>'/;

/** The hint for a name the option types do not know: how a configuration types options of its own. */
function ownOptionsHint(message: string): string {
  const name = UNKNOWN_IN_MODULE.exec(message)?.[1];
  return name === undefined ? "" : `\nIf '${name}' is an option a module of this configuration declares, type the configuration with \`satisfies ConfigWith<{ ${name}: … }>\` (from "system-manager") instead of defineConfig.`;
}

export function fromTsDiagnostic(d: ts.Diagnostic, fallbackFile: string): ConfigDiagnostic {
  const flat = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  const text = `${flat} (TS${d.code})${d.code === 2353 ? ownOptionsHint(flat) : ""}`;
  if (d.file === undefined || d.start === undefined) return { span: { file: fallbackFile, line: 0, column: 0 }, message: text };
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return { span: { file: d.file.fileName, line: line + 1, column: character + 1 }, message: text };
}

/** esbuild reports files relative to its working directory, columns from 0. */
export function fromEsbuildMessage(m: Message, workingDir: string, fallbackFile: string): ConfigDiagnostic {
  const loc = m.location;
  if (loc === null) return { span: { file: fallbackFile, line: 0, column: 0 }, message: m.text };
  const file = loc.file.includes(":") && !loc.file.startsWith("/") ? loc.file : resolve(workingDir, loc.file);
  return { span: { file, line: loc.line, column: loc.column + 1 }, message: m.text };
}
