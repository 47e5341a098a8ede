/**
 * Lexical path canonicalisation as Nix does it for path values: `.` and
 * `..` are resolved without looking at the filesystem (no symlinks), and
 * duplicate and trailing slashes go. A path value never ends in `/`.
 */

export function canonPath(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}

/**
 * The absolute text of a path literal written in a file of `baseDir`; a
 * trailing slash is kept (it matters when an interpolation follows).
 */
export function resolvePath(baseDir: string, text: string): string {
  const abs = canonPath(text.startsWith("/") ? text : `${baseDir}/${text}`);
  return text.endsWith("/") && abs !== "/" ? abs + "/" : abs;
}
