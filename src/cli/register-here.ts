/**
 * `register` on this root, in this process (by the CLI itself, never a
 * generation's engine: registering writes only the profile's links, and
 * an older engine has no such command): the generation becomes current
 * without being activated (../activate/register.ts); says which
 * generation is active, and how to activate the registered one.
 */
import { lstatSync } from "node:fs";
import type { Io } from "./io.ts";
import { debugOf } from "./debug.ts";

export async function registerHere(root: string, storePath: string, dryRun: boolean, io: Io): Promise<number> {
  const { RootFs } = await import("../activate/root-fs.ts");
  const { registerGeneration } = await import("../activate/register.ts");
  const fs = new RootFs(root);
  const r = registerGeneration(fs, storePath, (p) => lstatSync(p).mtimeMs, dryRun);
  debugOf(io)?.(`register: ${r.link} -> ${storePath}${r.changed ? "" : " (already current)"}; active: ${r.active ?? "none"}`);
  const would = dryRun ? "would be" : "is";
  if (!r.changed) io.stderr(`Generation ${r.number} ${would} current already: ${storePath}\n`);
  else io.stderr(`Generation ${r.number} ${would} registered as current: ${storePath}\n`);
  if (r.active === storePath) io.stderr("It is the active generation.\n");
  else io.stderr(`It ${dryRun ? "would not be" : "is not"} activated (${r.active === null ? "no generation is active" : `active: ${r.active}`}); \`system-manager switch --generation ${r.number}\` activates it.\n`);
  if (dryRun) io.stderr("Dry run: nothing was changed.\n");
  return 0;
}
