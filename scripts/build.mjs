// Bundles the CLIs and the public runtime into dist/ with esbuild. Commands
// are split into chunks loaded on demand, so `system-manager --help` loads
// only the dispatcher.
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

await build({
  entryPoints: { cli: "src/cli/main.ts", "home-manager-cli": "src/cli/home-manager-main.ts", index: "src/index.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  define: { __VERSION__: JSON.stringify(version) },
  logLevel: "warning",
});
