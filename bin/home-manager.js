#!/usr/bin/env node
// Launcher: runs the bundled home-manager CLI (built by `npm run build`).
// build and switch run here with the normal stack; one whose evaluation
// runs out of it runs again with a large stack (./large-stack.js,
// runUntilEvaluated), and one the evaluation cache answers never evaluates.
// CommonJS (bin/package.json), as bin/system-manager.js.
"use strict";
const { runUntilEvaluated } = require("./large-stack.js");

const args = process.argv.slice(2);
const main = async (argv) => (await import("../dist/home-manager-cli.js")).main(argv);

async function run() {
  if (args[0] === "build" || args[0] === "switch") return runUntilEvaluated(args, main);
  return main(args);
}
run().then((code) => {
  process.exitCode = code;
});
