#!/usr/bin/env node
// Launcher: runs the bundled home-manager CLI (built by `npm run build`).
// build and switch evaluate in a worker thread with a large stack when the
// evaluation cache does not answer (src/cli/evaluate-in-worker.ts).
// CommonJS (bin/package.json), as bin/system-manager.js.
"use strict";
import("../dist/home-manager-cli.js")
  .then((cli) => cli.main(process.argv.slice(2)))
  .then((code) => {
    process.exitCode = code;
  });
