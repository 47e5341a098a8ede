/**
 * Checking a .deb file against the lock: its size, then its sha256. A
 * cached file that does not match is refused, naming it.
 */
import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { UserError } from "../../diagnostics/user-error.ts";
import type { LockedDeb } from "../lock.ts";

export async function sha256File(path: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest("hex");
}

/** Throws unless the cached file of `d` has the locked size and sha256. */
export async function verifyDeb(path: string, d: LockedDeb): Promise<void> {
  const size = statSync(path).size;
  const sha = size === d.size ? await sha256File(path) : "(size differs)";
  if (sha !== d.sha256) {
    throw new UserError(
      `Cannot unpack ${d.name} ${d.version}: the cached file ${path} is not the .deb the archive signed (sha256 ${sha}, expected ${d.sha256}); it was changed or corrupted: delete it to download it again`,
    );
  }
}
