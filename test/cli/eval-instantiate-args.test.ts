/**
 * `system-manager eval` with nix-instantiate's arguments: -I and
 * $NIX_PATH make the search path of an impure evaluation (a pure one
 * refuses `<name>`), --arg/--argstr call a function result, -A selects,
 * --xml prints as builtins.toXML, warnings are written as Nix writes them
 * and abort-on-warn (--option, the flag, NIX_ABORT_ON_WARN) makes the
 * first one an error; on no terminal, ANSI escapes are removed from
 * warnings and errors.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { evalMain } from "../../src/cli/eval-main.ts";

const dir = mkdtempSync(join(tmpdir(), "sm-eval-args-"));
after(() => rmSync(dir, { recursive: true, force: true }));
for (const [path, text] of Object.entries({
  "one/a.nix": '"a1"',
  "two/a.nix": '"a2"',
  "two/b.nix": '"b2"',
  "f.nix": '{ greeting ? "hello", who, lib }: { text = "${greeting} ${who}"; n = lib.n; list = [ { x = 1; } ]; }',
})) {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), text);
}

async function run(args: readonly string[], env: Record<string, string> = {}) {
  let out = "";
  let err = "";
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t), env: { HOME: dir, XDG_CACHE_HOME: join(dir, "cache"), ...env }, cwd: dir };
  const code = await evalMain(["--impure", ...args], io);
  return { code, out, err };
}

test("-I entries come before $NIX_PATH's; prefixed entries answer their prefix", async () => {
  const r = await run(["--strict", "-I", join(dir, "two"), "-I", `p=${join(dir, "one")}`, "--expr", "[ (import <a.nix>) (import <p/a.nix>) (builtins.length builtins.nixPath) ]"], { NIX_PATH: join(dir, "one") });
  assert.equal(r.err, "");
  assert.equal(r.out, '[ "a2" "a1" 3 ]\n');
  const fromEnv = await run(["--expr", "import <a.nix>"], { NIX_PATH: `${join(dir, "one")}:${join(dir, "two")}` });
  assert.equal(fromEnv.out, '"a1"\n');
});

test("pure evaluation has no search path, as Nix's", async () => {
  let err = "";
  const io = { stdout: () => {}, stderr: (t: string) => void (err += t), env: { XDG_CACHE_HOME: join(dir, "cache"), NIX_PATH: join(dir, "one") }, cwd: dir };
  assert.equal(await evalMain(["--expr", "import <a.nix>"], io), 1);
  assert.match(err, /^error: cannot look up '<a.nix>' in pure evaluation mode \(use '--impure' to override\)/);
});

test("--arg and --argstr call the function result; -A selects, calling functions on the way", async () => {
  const r = await run(["--file", "f.nix", "--argstr", "who", "world", "--arg", "lib", "{ n = 1 + 1; }", "-A", "text", "-A", "n", "--attr", "list.0.x"]);
  assert.equal(r.err, "");
  assert.equal(r.out, '"hello world"\n2\n1\n');
  const missing = await run(["--file", "f.nix", "--argstr", "who", "x"]);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /cannot evaluate a function that has an argument without a value \('lib'\)/);
  const badPath = await run(["--file", "f.nix", "--argstr", "who", "x", "--arg", "lib", "{}", "-A", "nope"]);
  assert.match(badPath.err, /attribute 'nope' in selection path 'nope' not found/);
  const half = await run(["--file", "f.nix", "--arg", "who"]);
  assert.match(half.err, /option '--arg' takes two arguments, NAME and EXPR/);
});

test("--xml prints as builtins.toXML", async () => {
  const r = await run(["--xml", "--no-location", "--strict", "--expr", "{ a = [ true ]; }"]);
  assert.equal(r.out, `<?xml version='1.0' encoding='utf-8'?>\n<expr>\n  <attrs>\n    <attr name="a">\n      <list>\n        <bool value="true" />\n      </list>\n    </attr>\n  </attrs>\n</expr>\n`);
});

test("warnings are written as Nix's; abort-on-warn stops at the first one with Nix's error", async () => {
  const ok = await run(["--expr", 'builtins.warn "two\\nlines" 1']);
  assert.equal(ok.err, "evaluation warning: two\n                    lines\n");
  assert.equal(ok.out, "1\n");
  const expr = 'builtins.addErrorContext "while doing something interesting" (builtins.warn "Hello" 123)';
  for (const [args, env] of [[["--option", "abort-on-warn", "true"], {}], [["--abort-on-warn"], {}], [[], { NIX_ABORT_ON_WARN: "1" }]] as const) {
    const r = await run([...args, "--expr", expr], env);
    assert.equal(r.code, 1, JSON.stringify(args));
    assert.match(r.err, /^evaluation warning: Hello\nerror: aborting to reveal stack trace of warning, as abort-on-warn is set/);
    assert.match(r.err, /while doing something interesting/);
  }
  const off = await run(["--option", "abort-on-warn", "false", "--expr", expr], { NIX_ABORT_ON_WARN: "1" });
  assert.equal(off.code, 0);
  const coloured = await run(["--expr", 'builtins.warn "\x1b[1;35mbold\x1b[0m" (throw "\x1b[31mred\x1b[0m")']);
  assert.equal(coloured.err.split("\n").slice(0, 2).join("\n"), "evaluation warning: bold\nerror: red", "no terminal: escapes removed, as Nix");
  const unknown = await run(["--option", "no-such-setting", "1", "--expr", "1"]);
  assert.equal(unknown.err, "warning: unknown setting 'no-such-setting'\n");
  const bad = await run(["--option", "abort-on-warn", "maybe", "--expr", "1"]);
  assert.match(bad.err, /Boolean setting 'abort-on-warn' has invalid value 'maybe'/);
});

test("the literal lints: a warning with its place, or an error; --option sets them too", async () => {
  writeFileSync(join(dir, "lint.nix"), "[ foo/bar http://example.com ]\n");
  const warned = await run(["--lint-short-path-literals", "warn", "--option", "lint-url-literals", "warn", "--file", "lint.nix"]);
  assert.equal(warned.code, 0);
  assert.match(warned.err, /^warning: relative path literal 'foo\/bar' should be prefixed with '.' for clarity: '.\/foo\/bar' \(lint-short-path-literals\)\n {9}at .*lint\.nix:1:3:\n/);
  assert.match(warned.err, /\nwarning: URL literals are discouraged. Consider using a string literal "http:\/\/example.com" instead \(lint-url-literals\)\n {9}at .*lint\.nix:1:11:/);
  const fatal = await run(["--lint-url-literals", "fatal", "--file", "lint.nix"]);
  assert.equal(fatal.code, 1);
  assert.match(fatal.err, /^error: URL literals are disallowed/);
  const bad = await run(["--lint-url-literals", "loud", "--file", "lint.nix"]);
  assert.match(bad.err, /option 'lint-url-literals' has invalid value 'loud' \(expected 'ignore', 'warn', or 'fatal'\)/);
});
