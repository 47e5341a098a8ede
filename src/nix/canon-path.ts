/**
 * Lexical path canonicalisation as Nix does it for path values: `.` and
 * `..` are resolved without looking at the filesystem (no symlinks), and
 * duplicate and trailing slashes go. A path value never ends in `/`.
 * An absolute path that is already canonical (what path values and the
 * evaluator's file accesses mostly are) comes back as it is, unsplit.
 */

/** What only a path that is not canonical has: an empty, `.` or `..` component, or a trailing slash after a name. */
const NOT_CANONICAL = /\/\/|\/\.\.?(?:\/|$)|.\/$/;

export function canonPath(path: string): string {
  if (path.charCodeAt(0) === 47 && !NOT_CANONICAL.test(path)) return path;
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
