/**
 * Store paths made up for tests of profiles and gc: any files, written
 * through the same staging (temporary directory, normalise, rename) as
 * real packages.
 */
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { inputAddressedPath } from "../../../src/packages/input-path.ts";
import { StagedPath } from "../../../src/packages/staged-path.ts";

/** Writes a store path holding `files` (text, or "-> target" for a symlink). */
export function fakePath(root: string, name: string, files: Record<string, string>): string {
  const path = inputAddressedPath("test", name, Object.entries(files).flat());
  const staged = new StagedPath(root, path);
  for (const [rel, content] of Object.entries(files)) {
    const p = join(staged.dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    if (content.startsWith("-> ")) symlinkSync(content.slice(3), p);
    else {
      writeFileSync(p, content);
      if (rel.startsWith("bin/")) chmodSync(p, 0o755);
    }
  }
  staged.commit();
  return path;
}

