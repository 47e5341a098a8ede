#!/usr/bin/env node
// Launcher: runs the bundled CLI (built by `npm run build`, which `npm ci` runs through `prepare`),
// with a large stack for the commands that evaluate Nix when they need it (./large-stack.js).
// `eval` runs first from its own CommonJS bundle (dist/eval-cli.cjs, src/cli/eval-main.ts), loaded
// with require(): an expression or a file needs neither the ES module loader nor the whole CLI's
// chunks. What that bundle does not do (--flake), or a dist/ without it, runs the whole CLI.
// CommonJS (bin/package.json), so that Node starts it without its ES module loader.
"use strict";
const { runOnDemand, runOnOverflow } = require("./large-stack.js");

const args = process.argv.slice(2);
const main = async (argv, io) => (await import("../dist/cli.js")).main(argv, io);

function evalCli() {
  try {
    return require("../dist/eval-cli.cjs");
  } catch (e) {
    if (e.code === "MODULE_NOT_FOUND" && e.message.includes("eval-cli.cjs")) return undefined;
    throw e;
  }
}
const evalMain = async (argv, io) => (await evalCli()?.evalMain(argv.slice(1), io)) ?? main(argv, io);

async function run() {
  if (args[0] === "build" || args[0] === "switch") return runOnDemand(args, main);
  if (args[0] === "eval") return runOnOverflow(args, evalMain);
  return main(args);
}
run().then((code) => {
  process.exitCode = code;
});
