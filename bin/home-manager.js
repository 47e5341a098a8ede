#!/usr/bin/env node
// Launcher: runs the bundled home-manager CLI (built by `npm run build`),
// with a large stack for the commands that evaluate Nix (./large-stack.js).
// CommonJS (bin/package.json), as bin/system-manager.js.
"use strict";
const { relaunchWithLargeStack } = require("./large-stack.js");

const args = process.argv.slice(2);
async function run() {
  const relaunched = await relaunchWithLargeStack(args, ["switch", "build"]);
  if (relaunched !== undefined) return relaunched;
  return (await import("../dist/home-manager-cli.js")).main(args);
}
run().then((code) => {
  process.exitCode = code;
});
