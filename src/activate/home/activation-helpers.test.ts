/**
 * home-manager's activation helpers (activation-helpers.ts) with and
 * without VERBOSE, as home-manager's activation-init.sh sets them:
 * verboseEcho and _iVerbose speak only with it; the deprecated
 * VERBOSE_ARG, VERBOSE_ECHO and VERBOSE_RUN are --verbose, echo and ""
 * with it, "", true and true without.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { ACTIVATION_HELPERS } from "./activation-helpers.ts";

const SNIPPET = `verboseEcho v; _iVerbose "i %s" x; $VERBOSE_ECHO echoed; $VERBOSE_RUN echo ran; echo "arg=[$VERBOSE_ARG]"`;
const run = (env: Record<string, string>) => spawnSync("bash", ["-c", ACTIVATION_HELPERS + SNIPPET], { encoding: "utf8", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env } }).stdout;

test("with VERBOSE the helpers and the deprecated variables speak; without, only what is not verbose", () => {
  assert.equal(run({ VERBOSE: "1" }), "v\ni x\nechoed\nran\narg=[--verbose]\n");
  assert.equal(run({}), "arg=[]\n");
});
