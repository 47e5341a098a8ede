#!/usr/bin/env node
// Launcher: runs the bundled CLI (built by `npm run build`, which `npm ci` runs through `prepare`).
import { main } from "../dist/cli.js";

process.exitCode = await main(process.argv.slice(2));
