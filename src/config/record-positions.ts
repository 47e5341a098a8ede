/**
 * The source transform that lets definitions in TypeScript configs name
 * `file:line`: every object literal `{ a: 1, b }` becomes
 * `__smPositions({ a: 1, b }, [["a",3,5],["b",3,11]])`, where the helper
 * (appended to the file, hoisted) records a Map of key → Span under the
 * POSITIONS symbol, not enumerable, so spreads and JSON ignore it.
 *
 * `import.meta.url`, `.dirname` and `.filename` become the file's own (as
 * string literals): the bundle runs from the cache, and a configuration
 * naming a file beside it (`new URL("./x", import.meta.url)`) means its own
 * directory.
 *
 * Only single-line text is inserted or put in place, never line breaks, so
 * lines of the output are lines of the input. Destructuring assignment
 * targets (`({ a } = x)`) are not expressions and are left alone, as are
 * computed keys that are not string literals.
 */
import ts from "typescript";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { POSITIONS } from "../nix/js-value.ts";

const HELPER = "__smPositions";

/** `text` put at `at`, in place of what is up to `end` (nothing, when absent). */
interface Insertion {
  readonly at: number;
  readonly text: string;
  readonly end?: number;
}

/** Rewrites `source` (a .ts/.js file's text at `file`, an absolute path) to record key positions. */
export function recordPositions(file: string, source: string): string {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, scriptKind(file));
  const insertions: Insertion[] = [];
  const meta = importMeta(file);
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isMetaProperty(node.expression) && node.expression.keywordToken === ts.SyntaxKind.ImportKeyword) {
      const value = meta[node.name.text];
      if (value !== undefined) insertions.push({ at: node.getStart(sf), end: node.end, text: JSON.stringify(value) });
    }
    if (ts.isObjectLiteralExpression(node) && !isAssignmentTarget(node)) {
      const keys = keyPositions(sf, node);
      insertions.push({ at: node.getStart(sf), text: `${HELPER}(` });
      insertions.push({ at: node.end, text: `, ${JSON.stringify(keys)})` });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (insertions.length === 0) return source;
  // One pass over the source in offset order (no two insertions share an offset).
  insertions.sort((a, b) => a.at - b.at);
  const chunks: string[] = [];
  let last = 0;
  for (const i of insertions) {
    chunks.push(source.slice(last, i.at), i.text);
    last = i.end ?? i.at;
  }
  chunks.push(source.slice(last), "\n", helperSource(file));
  return chunks.join("");
}

/** What `import.meta` says in `file` when Node runs it where it is. */
function importMeta(file: string): Readonly<Record<string, string>> {
  return { url: pathToFileURL(file).href, dirname: dirname(file), filename: file };
}

function keyPositions(sf: ts.SourceFile, node: ts.ObjectLiteralExpression): [string, number, number][] {
  const keys: [string, number, number][] = [];
  for (const p of node.properties) {
    if (p.name === undefined) continue;
    const key = keyName(p.name);
    if (key === undefined) continue;
    const { line, character } = sf.getLineAndCharacterOfPosition(p.name.getStart(sf));
    keys.push([key, line + 1, character + 1]);
  }
  return keys;
}

function keyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const e = name.expression;
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isNumericLiteral(e)) return e.text;
  }
  return undefined;
}

/** Whether an object literal is (part of) the left side of a destructuring assignment or a for-in/of head. */
function isAssignmentTarget(node: ts.Node): boolean {
  const parent = node.parent;
  if (parent === undefined) return false;
  if (ts.isParenthesizedExpression(parent)) return isAssignmentTarget(parent);
  if (ts.isBinaryExpression(parent)) {
    return parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
  }
  if (ts.isForOfStatement(parent) || ts.isForInStatement(parent)) return parent.initializer === node;
  if (ts.isArrayLiteralExpression(parent) || ts.isSpreadElement(parent) || ts.isSpreadAssignment(parent)) return isAssignmentTarget(parent);
  if (ts.isPropertyAssignment(parent)) return parent.initializer === node && isAssignmentTarget(parent.parent);
  return false;
}

function helperSource(file: string): string {
  const sym = `Symbol.for(${JSON.stringify(POSITIONS.description)})`;
  return (
    `function ${HELPER}(o, keys) {` +
    ` const m = new Map(); for (const [k, line, column] of keys) m.set(k, { file: ${JSON.stringify(file)}, line, column });` +
    ` Object.defineProperty(o, ${sym}, { value: m, configurable: true }); return o; }\n`
  );
}

function scriptKind(file: string): ts.ScriptKind {
  if (/\.[cm]?tsx$/.test(file)) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/.test(file)) return ts.ScriptKind.TS;
  if (/\.[cm]?jsx$/.test(file)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}
