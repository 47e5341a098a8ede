/**
 * The longest file name (one path component) Linux file systems take:
 * NAME_MAX, 255 bytes (ext4, xfs, btrfs, tmpfs). A managed path with a
 * longer component can be neither written into the store nor linked where
 * it goes, so the build refuses it, saying which component. And the shape
 * of an absolute path every reader can take as it is (isCleanAbsolute).
 */
export const NAME_MAX = 255;

/** Why `path` (relative, "/"-separated) cannot be a file's path, a component being too long; undefined when none is. */
export function overlongComponent(path: string): string | undefined {
  // A UTF-16 code unit is at most 3 bytes of UTF-8: a path this short has no long component (a large home asks of 10,000 targets).
  if (path.length * 3 <= NAME_MAX) return undefined;
  for (const c of path.split("/")) {
    if (c.length * 3 <= NAME_MAX) continue;
    const bytes = Buffer.byteLength(c);
    if (bytes > NAME_MAX) return `its component '${c.length > 40 ? `${c.slice(0, 40)}…` : c}' is ${bytes} bytes long, and a file name may have at most ${NAME_MAX}`;
  }
  return undefined;
}

/** An absolute, normalised path: no empty, "." or ".." component ("/home/../etc" would be /etc). */
export function isCleanAbsolute(p: string): boolean {
  return p.startsWith("/") && !p.includes("\0") && (p === "/" || !p.slice(1).split("/").some((c) => c === "" || c === "." || c === ".."));
}
