/**
 * A copy of this checkout's bin/ beside a dist/ that links only some of
 * its built bundles: how the launcher behaves when a bundle is missing
 * (an older or partial install).
 */
import { copyFileSync, mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";

const repo = join(import.meta.dirname, "../..");

/** Makes `scratch/name` with bin/ and a dist/ linking `files` of dist/; returns its bin/system-manager.js. */
export function partialInstall(scratch: string, name: string, files: readonly string[]): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, "bin"), { recursive: true });
  mkdirSync(join(dir, "dist"));
  for (const f of readdirSync(join(repo, "bin"))) copyFileSync(join(repo, "bin", f), join(dir, "bin", f));
  for (const f of files) symlinkSync(join(repo, "dist", f), join(dir, "dist", f));
  // What a bundle loaded from here (not through a link into the checkout) finds above dist/: the package and the files it reads at run time.
  for (const f of ["package.json", "src"]) symlinkSync(join(repo, f), join(dir, f));
  return join(dir, "bin/system-manager.js");
}
