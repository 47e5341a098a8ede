/**
 * Type-checks a TypeScript configuration with the compiler API before it
 * runs: strict, against the public types of this package ("system-manager"
 * maps to src/index.ts), with Node's types when installed. The user's own
 * tsconfig is not read, so every configuration is checked the same way.
 * Syntax errors are reported alone (type errors after them are noise);
 * otherwise every type error of the user's files is reported at once.
 */
import ts from "typescript";
import { existsSync } from "node:fs";
import { join, sep } from "node:path";
import { diagnosticsError, fromTsDiagnostic } from "./config-diagnostics.ts";
import { NODE_TYPES_ROOT, PACKAGE_ROOT, PUBLIC_ENTRY } from "./package-files.ts";

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
  allowJs: true,
  lib: ["lib.es2023.d.ts"],
  typeRoots: [NODE_TYPES_ROOT],
  types: existsSync(join(NODE_TYPES_ROOT, "node")) ? ["node"] : [],
  paths: { "system-manager": [PUBLIC_ENTRY] },
};

/** What the checker's verdict depends on besides file contents (part of its cache key). */
export const TYPE_CHECK_SALT = `typescript ${ts.version} ${JSON.stringify(OPTIONS)}`;

const PACKAGE_SOURCES = join(PACKAGE_ROOT, "src") + sep;

/**
 * Checks the configuration at `entry` (absolute) and returns every source
 * file the verdict depends on (the user's files and this package's public
 * types, not the compiler's libraries). Throws a UserError on errors.
 */
export function typeCheckConfig(entry: string): string[] {
  const program = ts.createProgram([entry], OPTIONS);
  const sources = program.getSourceFiles().filter((sf) => !program.isSourceFileDefaultLibrary(sf) && !sf.fileName.includes("/node_modules/"));
  const userFiles = sources.filter((sf) => !sf.fileName.startsWith(PACKAGE_SOURCES));
  const syntax = userFiles.flatMap((sf) => program.getSyntacticDiagnostics(sf));
  if (syntax.length > 0) throw diagnosticsError(entry, "syntax error", syntax.map((d) => fromTsDiagnostic(d, entry)));
  const types = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...userFiles.flatMap((sf) => program.getSemanticDiagnostics(sf)),
  ].filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (types.length > 0) throw diagnosticsError(entry, "type error", types.map((d) => fromTsDiagnostic(d, entry)));
  return sources.map((sf) => sf.fileName);
}
