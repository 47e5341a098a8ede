/** Tests for Nix's literal lints: which literals each finds, its wording and place, warn against fatal, and every file an evaluation reads linted. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { lintLiterals, type LintWarning } from "./literal-lints.ts";
import { evalExpr, evalFile } from "./evaluate.ts";
import { memoryIO } from "./io.ts";

const findings = (src: string, lints: Parameters<typeof lintLiterals>[2]) => {
  const out: string[] = [];
  lintLiterals(src, "/f.nix", lints, (w: LintWarning) => out.push(`${w.location?.line}:${w.location?.column} ${w.message}`));
  return out;
};

test("short path literals: relative paths without a leading '.', also where interpolation follows", () => {
  assert.deepEqual(findings("[ foo/bar ./ok ../ok /abs a/${x} ]", { shortPathLiterals: "warn" }), [
    "1:3 relative path literal 'foo/bar' should be prefixed with '.' for clarity: './foo/bar' (lint-short-path-literals)",
    "1:27 relative path literal 'a/' should be prefixed with '.' for clarity: './a/' (lint-short-path-literals)",
  ]);
});

test("absolute and home path literals, and URL literals; strings and ignored lints are left alone", () => {
  assert.deepEqual(findings('[ /tmp/x ~/y "/tmp/z" ./w ]', { absolutePathLiterals: "warn" }), [
    "1:3 absolute path literals are not portable. Consider replacing path literal '/tmp/x' by a string, relative path, or parameter (lint-absolute-path-literals)",
    "1:10 home path literals are not portable. Consider replacing path literal '~/y' by a string, relative path, or parameter (lint-absolute-path-literals)",
  ]);
  assert.deepEqual(findings('[ http://example.com "https://quoted.org" ]', { urlLiterals: "warn" }), [
    '1:3 URL literals are discouraged. Consider using a string literal "http://example.com" instead (lint-url-literals)',
  ]);
  assert.deepEqual(findings("[ http://example.com /tmp/x foo/bar ]", { urlLiterals: "ignore" }), []);
});

test("a fatal lint is a parse error at the literal, worded for fatal", () => {
  assert.throws(() => findings("\n  http://example.com", { urlLiterals: "fatal" }), (e: Error & { location?: { line: number; column: number } }) =>
    e.message === 'URL literals are disallowed. Consider using a string literal "http://example.com" instead (lint-url-literals)' && e.location?.line === 2 && e.location.column === 3);
});

test("an evaluation lints the expression and every file it imports", () => {
  const io = memoryIO({ "/p/default.nix": "import ./a.nix", "/p/a.nix": "{ x = b/c; }" });
  const warned: string[] = [];
  evalFile("/p", { io, lints: { shortPathLiterals: "warn" }, lintWarn: (w) => warned.push(`${w.location?.file}:${w.location?.line}`) });
  assert.deepEqual(warned, ["/p/a.nix:1"]);
  assert.throws(() => evalExpr("x/y", { lints: { shortPathLiterals: "fatal" } }), { message: /^relative path literal 'x\/y'/ });
  assert.equal(evalExpr("./x/y", { baseDir: "/", lints: { shortPathLiterals: "fatal" } }) !== undefined, true);
});
