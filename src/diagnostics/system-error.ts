/**
 * What the C library calls an errno code (strerror), the words Nix prints
 * after "getting status of '…'" or "reading file '…'": Node's messages
 * name the code and the call instead.
 */
export const SYSTEM_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "No such file or directory",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  EACCES: "Permission denied",
  ELOOP: "Too many levels of symbolic links",
  ENAMETOOLONG: "File name too long",
};

/** strerror's words for `e`'s code, or undefined when it has none listed. */
export function systemError(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? SYSTEM_ERRORS[code] : undefined;
}
