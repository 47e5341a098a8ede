// Runs every benchmark in this folder, one after the other.
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
for (const f of readdirSync(dir).sort()) {
  if (f === "run.mjs" || !/\.(mjs|ts)$/.test(f)) continue;
  console.log(`== ${f}`);
  spawnSync(process.execPath, [...(f.endsWith(".ts") ? ["--import", "tsx"] : []), dir + f], { stdio: "inherit" });
}
