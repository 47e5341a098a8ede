#!/usr/bin/env node
// Launcher: runs the bundled home-manager CLI (built by `npm run build`).
import { main } from "../dist/home-manager-cli.js";

process.exitCode = await main(process.argv.slice(2));
