#!/usr/bin/env node
// Launcher: runs the home-manager CLI (built by `npm run build`) as bin/system-manager.js runs
// system-manager's: first from the bundle without the evaluator (dist/activation-cli.cjs,
// src/cli/activation-bundle.ts), so that a no-op switch loads no more than it runs; a build the
// evaluation cache does not answer evaluates in a worker thread with a large stack, which loads the
// whole CLI (src/cli/evaluate-in-worker.ts). A thread that evaluates builds itself
// (SYSTEM_MANAGER_LARGE_STACK), or a dist/ without that bundle, runs the homeManagerMain of the whole
// CLI (dist/cli.cjs). Each bundle is loaded through V8's code cache, kept per command. build and
// switch of a flake that will likely evaluate start their worker at once (./build-ahead.js).
// CommonJS (bin/package.json), as bin/system-manager.js.
"use strict";
const path = require("node:path");
const { requireWithCodeCache, requireWithoutCodeCache } = require("./code-cache.js");
require("./closed-output.js").dropClosedOutput();

const args = process.argv.slice(2);
const DIST = path.join(__dirname, "../dist");
// The command: the first word that is not -v/--verbose, which home-manager takes before or after it (src/cli/home-manager/home-global-flags.ts).
const command = args.find((a) => a !== "-v" && a !== "--verbose");
const role = `home-manager-${command ?? ""}`;

/** The whole CLI's home-manager; without a code cache when this thread evaluates builds itself, which may import a TypeScript configuration (see ./code-cache.js). */
async function whole(argv = args, io = undefined) {
  const file = path.join(DIST, "cli.cjs");
  const cli = process.env.SYSTEM_MANAGER_LARGE_STACK === undefined ? requireWithCodeCache(file, role) : requireWithoutCodeCache(file);
  const code = await cli.exports.homeManagerMain(argv, io);
  cli.save();
  return code;
}

async function run() {
  if (command === "build" || command === "switch") require("./build-ahead.js").startAhead(args, DIST, "home-manager");
  // option, options and docs evaluate a whole configuration: in a worker with a large stack (./large-stack.js).
  if (command === "option" || command === "options" || command === "docs") return require("./large-stack.js").runWithLargeStack(args, whole);
  if (process.env.SYSTEM_MANAGER_LARGE_STACK !== undefined) return whole();
  let cli;
  try {
    cli = requireWithCodeCache(path.join(DIST, "activation-cli.cjs"), role);
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
    return whole();
  }
  const code = await cli.exports.homeManagerMain(args);
  cli.save();
  return code ?? whole();
}
run().then((code) => {
  process.exitCode = code;
});
