/**
 * The Nix settings every evaluating command takes (eval-settings.ts):
 * from --option, from their own flags and from the environment, refused
 * in Nix's words; show-trace is taken; a replayed evaluation warning stops
 * a build under abort-on-warn.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_EVAL_SETTINGS, evalSettings, replayedWarning, takeSettingPairs } from "./eval-settings.ts";
import type { PairArg } from "./pair-args.ts";

const option = (name: string, value: string): PairArg => ({ option: "option", name, value });

function settings(options: PairArg[], flags: Record<string, string | boolean | string[]> = {}, env: Record<string, string> = {}) {
  const unknown: string[] = [];
  return { ...evalSettings(options, flags, env, (w) => unknown.push(w)), unknown };
}

test("max-call-depth comes from --option or --max-call-depth (the flag last), 10000 when not given", () => {
  assert.equal(settings([]).maxCallDepth, 10000);
  assert.deepEqual(DEFAULT_EVAL_SETTINGS, { abortOnWarn: false, lints: {}, maxCallDepth: 10000, experimentalFeatures: [] });
  assert.equal(settings([option("max-call-depth", "100")]).maxCallDepth, 100);
  assert.equal(settings([option("max-call-depth", "100")], { "max-call-depth": "250" }).maxCallDepth, 250);
  assert.deepEqual(settings([option("max-call-depth", "7")]).unknown, []);
});

test("experimental-features replaces, extra-experimental-features adds (words split on blanks, each once), from --option or their own flags", () => {
  assert.deepEqual(settings([]).experimentalFeatures, []);
  assert.deepEqual(settings([option("extra-experimental-features", "parse-toml-timestamps")]).experimentalFeatures, ["parse-toml-timestamps"]);
  assert.deepEqual(settings([option("experimental-features", "nix-command  flakes"), option("extra-experimental-features", "flakes parse-toml-timestamps")]).experimentalFeatures, ["nix-command", "flakes", "parse-toml-timestamps"]);
  assert.deepEqual(settings([option("experimental-features", "a"), option("experimental-features", "b")]).experimentalFeatures, ["b"]);
  assert.deepEqual(settings([option("experimental-features", "a")], { "experimental-features": "b", "extra-experimental-features": ["c", "d e"] }).experimentalFeatures, ["b", "c", "d", "e"]);
  assert.deepEqual(settings([option("extra-experimental-features", "x")]).unknown, []);
});

test("a max-call-depth that is no count is refused in Nix's words", () => {
  for (const bad of ["x", "-1", "1.5", ""]) {
    assert.throws(() => settings([option("max-call-depth", bad)]), { message: `setting 'max-call-depth' has invalid value '${bad}'` });
    assert.throws(() => settings([], { "max-call-depth": bad }), { message: `setting 'max-call-depth' has invalid value '${bad}'` });
  }
});

test("show-trace is a known setting (a Boolean), and changes nothing", () => {
  const s = settings([option("show-trace", "true")], { "show-trace": true });
  assert.deepEqual(s.unknown, []);
  assert.deepEqual({ ...s, unknown: undefined }, { ...DEFAULT_EVAL_SETTINGS, unknown: undefined });
  assert.throws(() => settings([option("show-trace", "often")]), { message: "Boolean setting 'show-trace' has invalid value 'often'" });
  assert.deepEqual(settings([option("no-such-setting", "1")]).unknown, ["unknown setting 'no-such-setting'"]);
});

test("--option pairs are taken out of argv in order, the rest left as given", () => {
  const { argv, options } = takeSettingPairs(["--flake", ".", "--option", "max-call-depth", "5", "--abort-on-warn", "--option", "show-trace", "true"], "build");
  assert.deepEqual(argv, ["--flake", ".", "--abort-on-warn"]);
  assert.deepEqual(options, [option("max-call-depth", "5"), option("show-trace", "true")]);
  assert.throws(() => takeSettingPairs(["--option", "max-call-depth"], "build"), /option '--option' takes two arguments, NAME and VALUE/);
});

test("a replayed evaluation warning stops a build under abort-on-warn with Nix's error; other warnings and other settings do not", () => {
  const aborting = replayedWarning({ ...DEFAULT_EVAL_SETTINGS, abortOnWarn: true });
  assert.throws(() => aborting("evaluation warning: x\n"), { message: "aborting to reveal stack trace of warning, as abort-on-warn is set" });
  aborting("warning: not writing modified lock file\n");
  replayedWarning(DEFAULT_EVAL_SETTINGS)("evaluation warning: x\n");
  assert.equal(settings([], {}, { NIX_ABORT_ON_WARN: "1" }).abortOnWarn, true);
});
