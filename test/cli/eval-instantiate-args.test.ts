/**
 * `system-manager eval` with nix-instantiate's arguments: -I and
 * $NIX_PATH make the search path of an impure evaluation (a pure one
 * refuses `<name>`), --arg/--argstr call a function result, -A selects,
 * --xml prints as builtins.toXML, warnings are written as Nix writes them
 * and abort-on-warn (--option, the flag, NIX_ABORT_ON_WARN) makes the
 * first one an error.
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
  const unknown = await run(["--option", "no-such-setting", "1", "--expr", "1"]);
  assert.equal(unknown.err, "warning: unknown setting 'no-such-setting'\n");
  const bad = await run(["--option", "abort-on-warn", "maybe", "--expr", "1"]);
  assert.match(bad.err, /Boolean setting 'abort-on-warn' has invalid value 'maybe'/);
});
