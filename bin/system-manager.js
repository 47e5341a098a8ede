#!/usr/bin/env node
// Launcher: runs the bundled CLI (built by `npm run build`, which `npm ci` runs through `prepare`).
// The CLI is one CommonJS bundle (dist/cli.cjs, src/cli/cli-bundle.ts) loaded through V8's code
// cache (./code-cache.js), kept per command: a command run before parses and compiles none of it
// again. build, switch and the generations' commands run first from a bundle without the evaluator
// (dist/activation-cli.cjs, src/cli/activation-main.ts): a no-op switch loads no more than it runs;
// what that bundle leaves (undefined), or a dist/ without it, runs the whole CLI. build and switch
// evaluate in a worker thread with a large stack when the evaluation cache does not answer
// (src/cli/evaluate-in-worker.ts), which loads the whole bundle the same way. `eval` runs
// first from its own smaller bundle (dist/eval-cli.cjs, src/cli/eval-main.ts): an expression or a
// file needs neither the Nix lib nor the module system; what that bundle does not do (--flake), or
// a dist/ without it, runs the whole CLI. eval is run again with a large stack if it ran out
// (./large-stack.js). build and switch of a flake that will likely evaluate start their worker at
// once, before any bundle loads (./build-ahead.js).
// CommonJS (bin/package.json), so that Node starts it without its ES module loader.
"use strict";
const path = require("node:path");
const { requireWithCodeCache, requireWithoutCodeCache } = require("./code-cache.js");
require("./closed-output.js").dropClosedOutput();
const { commandOf } = require("./command-of.js");

const args = process.argv.slice(2);
const DIST = path.join(__dirname, "../dist");

/**
 * Runs the whole CLI's `main`, its code cache kept for the command
 * (args[0]); without one when this thread evaluates builds itself
 * (SYSTEM_MANAGER_LARGE_STACK), which may import a TypeScript
 * configuration (see ./code-cache.js).
 */
async function main(argv, io) {
  const file = path.join(DIST, "cli.cjs");
  const cli = process.env.SYSTEM_MANAGER_LARGE_STACK === undefined ? requireWithCodeCache(file, argv[0]) : requireWithoutCodeCache(file);
  const code = await cli.exports.main(argv, io);
  cli.save();
  return code;
}

/** Runs `argv` from a bundle of its own (`name` in dist/; `run` calls its entry) if that bundle takes it, else the whole CLI. */
async function runFrom(name, argv, io, run) {
  let cli;
  try {
    cli = requireWithCodeCache(path.join(DIST, name), argv[0]);
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
    return main(argv, io);
  }
  const code = await run(cli.exports);
  cli.save();
  return code ?? main(argv, io);
}

async function run() {
  const command = commandOf(args);
  if (command === "build" || command === "switch") require("./build-ahead.js").startAhead(args, DIST);
  // option, options and docs evaluate a whole configuration: in a worker with a large stack (./large-stack.js).
  if (command === "option" || command === "options" || command === "docs") return require("./large-stack.js").runWithLargeStack(args, main);
  if (args[0] === "eval") return require("./large-stack.js").runOnOverflow(args, (argv, io) => runFrom("eval-cli.cjs", argv, io, (cli) => cli.evalMain(argv.slice(1), io)));
  // A thread that evaluates builds itself runs the whole CLI.
  if (process.env.SYSTEM_MANAGER_LARGE_STACK === undefined) return runFrom("activation-cli.cjs", args, undefined, (cli) => cli.activationMain(args));
  return main(args);
}
run().then((code) => {
  process.exitCode = code;
});
