#!/usr/bin/env node
// Launcher: runs the bundled home-manager CLI (built by `npm run build`),
// with a large stack for the commands that evaluate Nix (./large-stack.js).
import { relaunchWithLargeStack } from "./large-stack.js";

const args = process.argv.slice(2);
const relaunched = await relaunchWithLargeStack(args, ["switch", "build"]);
if (relaunched !== undefined) process.exitCode = relaunched;
else process.exitCode = await (await import("../dist/home-manager-cli.js")).main(args);
