#!/usr/bin/env node
// Launcher: runs the bundled CLI (built by `npm run build`, which `npm ci` runs through `prepare`).
// build and switch evaluate in a worker thread with a large stack when the evaluation cache does not
// answer (src/cli/evaluate-in-worker.ts); eval is run again with one if it ran out (./large-stack.js).
// `eval` runs first from its own CommonJS bundle (dist/eval-cli.cjs, src/cli/eval-main.ts), loaded
// through V8's code cache (./code-cache.js): an expression or a file needs neither the ES module
// loader nor the whole CLI's chunks. What that bundle does not do (--flake), or a dist/ without it,
// runs the whole CLI.
// CommonJS (bin/package.json), so that Node starts it without its ES module loader.
"use strict";
const { runOnOverflow } = require("./large-stack.js");

const args = process.argv.slice(2);
const main = async (argv, io) => (await import("../dist/cli.js")).main(argv, io);

const EVAL_CLI = require("node:path").join(__dirname, "../dist/eval-cli.cjs");

async function evalMain(argv, io) {
  let cli;
  try {
    cli = require("./code-cache.js").requireWithCodeCache(EVAL_CLI);
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
    return main(argv, io);
  }
  const code = await cli.exports.evalMain(argv.slice(1), io);
  cli.save();
  return code ?? main(argv, io);
}

async function run() {
  if (args[0] === "eval") return runOnOverflow(args, evalMain);
  return main(args);
}
run().then((code) => {
  process.exitCode = code;
});
