#!/usr/bin/env node
// Launcher: runs the bundled CLI (built by `npm run build`, which `npm ci` runs through `prepare`),
// with a large stack for the commands that evaluate Nix (./large-stack.js).
import { relaunchWithLargeStack } from "./large-stack.js";

const args = process.argv.slice(2);
const relaunched = await relaunchWithLargeStack(args, ["build", "switch", "eval"]);
if (relaunched !== undefined) process.exitCode = relaunched;
else process.exitCode = await (await import("../dist/cli.js")).main(args);
