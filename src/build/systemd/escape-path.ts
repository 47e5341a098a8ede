/**
 * `systemd-escape --path`: the unit name prefix systemd requires of a
 * mount or automount unit for a path (`/var/lib/my-data` →
 * `var-lib-my\x2ddata`). The path is normalised (repeated and outer slashes
 * dropped; `/` is `-`), `/` becomes `-`, and every byte but ASCII letters,
 * digits, `:`, `_` and a `.` that does not start the name is written `\xNN`.
 */
export function escapeSystemdPath(path: string): string {
  const trimmed = path.split("/").filter((p) => p !== "").join("/");
  if (trimmed === "") return "-";
  let out = "";
  for (const byte of Buffer.from(trimmed)) {
    const c = String.fromCharCode(byte);
    if (c === "/") out += "-";
    else if (/[A-Za-z0-9:_]/.test(c) || (c === "." && out !== "")) out += c;
    else out += `\\x${byte.toString(16).padStart(2, "0")}`;
  }
  return out;
}
