/**
 * system-manager's `osVersion` pre-activation check: the target's
 * /etc/os-release must name Debian, Ubuntu or NixOS (in ID or ID_LIKE, so
 * derivatives such as Linux Mint pass) unless
 * `system-manager.allowAnyDistro` is set. A root without os-release (a
 * scratch directory) is not a distribution and is not checked.
 */
import { UserError } from "../diagnostics/user-error.ts";
import type { RootFs } from "./root-fs.ts";

const SUPPORTED = new Set(["debian", "ubuntu", "nixos"]);

export function parseOsRelease(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m === null) continue;
    out.set(m[1] as string, (m[2] as string).replace(/^(["'])(.*)\1$/, "$2"));
  }
  return out;
}

export function checkDistro(fs: RootFs, allowAnyDistro: boolean): void {
  if (allowAnyDistro) return;
  // /etc/os-release is usually a link to ../usr/lib/os-release (os-release(5)); links under the root are not followed.
  const data = fs.readFileIfExists("/etc/os-release", { symlinkAsAbsent: true }) ?? fs.readFileIfExists("/usr/lib/os-release", { symlinkAsAbsent: true });
  if (data === undefined) return;
  const os = parseOsRelease(data.toString("utf8"));
  const ids = [os.get("ID") ?? "", ...(os.get("ID_LIKE") ?? "").split(/\s+/)].filter((x) => x !== "");
  if (ids.some((id) => SUPPORTED.has(id))) return;
  throw new UserError(
    `Cannot activate on ${os.get("PRETTY_NAME") ?? os.get("ID") ?? "this distribution"}: system-manager supports Debian, Ubuntu and NixOS (and their derivatives). Set system-manager.allowAnyDistro = true to activate anyway`,
  );
}
