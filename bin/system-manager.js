#!/usr/bin/env node
// Launcher: runs the bundled CLI (built by `npm run build`, which `npm ci` runs through `prepare`),
// with a large stack for the commands that evaluate Nix when they need it (./large-stack.js).
import { runOnDemand, runOnOverflow } from "./large-stack.js";

const args = process.argv.slice(2);
const main = async (argv, io) => (await import("../dist/cli.js")).main(argv, io);
if (args[0] === "build" || args[0] === "switch") process.exitCode = await runOnDemand(args, main);
else if (args[0] === "eval") process.exitCode = await runOnOverflow(args, main);
else process.exitCode = await main(args);
