/**
 * `flake metadata` as Nix prints it: the resolved and locked URLs, the
 * description, the path, the revision (a clean git tree), the last
 * modification, and the inputs as a tree ("├───name: locked URL",
 * "└───name follows input 'a/b'"); a built-in stand-in is shown as such.
 */
import { force, isString, NixAttrs, stringText, type Value } from "../nix/value.ts";
import { showFlakeRef } from "../nix/flake-ref/show-flake-ref.ts";
import type { FlakeFile } from "./flake-file.ts";
import { isFollows, isLocked, type LockNode } from "./lock/lock-file.ts";
import type { Resolution } from "./lock/lock-flake.ts";

function fmtTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace("T", " ").slice(0, 19);
}

export function flakeMetadata(flake: FlakeFile, self: NixAttrs, res: Resolution): string {
  const get = (k: string): Value | undefined => (self.has(k) ? force(self.lazy(k) as Value) : undefined);
  const narHash = get("narHash") as string;
  const lastModified = Number(get("lastModified") as bigint);
  const rev = get("rev");
  let out = `Resolved URL:  path:${flake.dir}\n`;
  out += `Locked URL:    path:${flake.dir}?lastModified=${lastModified}&narHash=${narHash.replace(/\//g, "%2f")}\n`;
  const description = flake.top.has("description") ? force(flake.top.lazy("description") as Value) : undefined;
  if (description !== undefined && isString(description)) out += `Description:   ${stringText(description)}\n`;
  out += `Path:          ${flake.dir}\n`;
  if (typeof rev === "string") out += `Revision:      ${rev}\n`;
  const dirty = get("dirtyRev");
  if (typeof dirty === "string") out += `Revision:      ${dirty}\n`;
  out += `Last modified: ${fmtTime(lastModified)}\n`;
  const lines: string[] = [];
  const walk = (node: LockNode, path: string[], prefix: string, seen: Set<LockNode>) => {
    const names = new Set(node.inputs.keys());
    for (const key of res.builtins.keys()) {
      const parts = key.split("/");
      if (parts.length === path.length + 1 && path.every((p, i) => parts[i] === p)) names.add(parts[path.length] as string);
    }
    const sorted = [...names].sort();
    sorted.forEach((name, i) => {
      const last = i === sorted.length - 1;
      const head = `${prefix}${last ? "└───" : "├───"}`;
      const stand = res.builtins.get([...path, name].join("/"));
      const x = node.inputs.get(name);
      if (stand !== undefined) lines.push(`${head}${name}: built-in ${stand}`);
      else if (x !== undefined && isFollows(x)) lines.push(`${head}${name} follows input '${x.join("/")}'`);
      else if (x !== undefined && isLocked(x)) {
        lines.push(`${head}${name}: ${showFlakeRef(x.locked)}`);
        if (!seen.has(x)) walk(x, [...path, name], `${prefix}${last ? "    " : "│   "}`, new Set([...seen, x]));
      }
    });
  };
  walk(res.lock.root, [], "", new Set());
  if (lines.length > 0) out += `Inputs:\n${lines.join("\n")}\n`;
  return out;
}
