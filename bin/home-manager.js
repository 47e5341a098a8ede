#!/usr/bin/env node
// Launcher: runs the bundled home-manager CLI (built by `npm run build`): the
// homeManagerMain of dist/cli.cjs, loaded through V8's code cache as
// bin/system-manager.js loads it (its cache kept per command). build and
// switch evaluate in a worker thread with a large stack when the
// evaluation cache does not answer (src/cli/evaluate-in-worker.ts).
// CommonJS (bin/package.json), as bin/system-manager.js.
"use strict";
const path = require("node:path");
const { requireWithCodeCache, requireWithoutCodeCache } = require("./code-cache.js");

const args = process.argv.slice(2);
const file = path.join(__dirname, "../dist/cli.cjs");
// A thread that evaluates builds itself may import a TypeScript configuration: no code cache then (./code-cache.js).
const cli = process.env.SYSTEM_MANAGER_LARGE_STACK === undefined ? requireWithCodeCache(file, `home-manager-${args[0] ?? ""}`) : requireWithoutCodeCache(file);
cli.exports.homeManagerMain(args).then((code) => {
  cli.save();
  process.exitCode = code;
});
