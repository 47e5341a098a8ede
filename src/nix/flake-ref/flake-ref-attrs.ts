/**
 * Flake references as attribute sets: the attribute form of an input in
 * flake.nix (`{ type = "github"; owner; repo; ref; }`, `{ type = "git";
 * url; }`, …) and a lock's `original`/`locked` objects, both ways. An
 * attribute a type does not know is refused in Nix's wording.
 */
import { UserError } from "../../diagnostics/user-error.ts";
import { isRef, REV, type FlakeRef } from "./flake-ref.ts";

export type RefAttrs = Readonly<Record<string, string | number | boolean>>;

const KNOWN: Readonly<Record<FlakeRef["type"], readonly string[]>> = {
  github: ["owner", "repo", "ref", "rev", "host", "narHash", "lastModified"],
  gitlab: ["owner", "repo", "ref", "rev", "host", "narHash", "lastModified"],
  sourcehut: ["owner", "repo", "ref", "rev", "host", "narHash", "lastModified"],
  git: ["url", "ref", "rev", "revCount", "submodules", "shallow", "narHash", "lastModified", "allRefs", "lfs", "dirtyRev", "dirtyShortRev"],
  tarball: ["url", "narHash", "lastModified", "rev", "unpack"],
  file: ["url", "narHash", "lastModified", "rev"],
  path: ["path", "narHash", "lastModified", "rev", "revCount"],
  indirect: ["id", "ref", "rev", "narHash"],
};

const KIND: Readonly<Record<FlakeRef["type"], string>> = { github: "GitHub", gitlab: "GitLab", sourcehut: "SourceHut", git: "Git", tarball: "tarball", file: "file", path: "path", indirect: "indirect" };

/** A reference from attributes (`where` names them in errors: "input 'x'", "lock file node 'y'"). */
export function refFromAttrs(attrs: RefAttrs, where: string): FlakeRef {
  const type = attrs.type;
  if (typeof type !== "string") throw new UserError(`${where}: flake reference attribute sets require a 'type' attribute`);
  if (!(type in KNOWN)) throw new UserError(`${where}: unsupported input type '${type}'`);
  const t = type as FlakeRef["type"];
  const out: Record<string, string | number | boolean> = { type };
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "type") continue;
    if (k === "dir") {
      if (typeof v !== "string") throw new UserError(`${where}: attribute 'dir' must be a string`);
      if (v !== "") out.dir = v;
      continue;
    }
    if (!KNOWN[t].includes(k)) throw new UserError(`${where}: unsupported ${KIND[t]} input attribute '${k}'`);
    const want = k === "lastModified" || k === "revCount" ? "number" : k === "submodules" || k === "shallow" || k === "allRefs" || k === "lfs" || k === "unpack" ? "boolean" : "string";
    if (typeof v !== want) throw new UserError(`${where}: attribute '${k}' must be a ${want === "number" ? "integer" : want === "boolean" ? "Boolean" : "string"}`);
    out[k] = v;
  }
  const need = t === "git" || t === "tarball" || t === "file" ? ["url"] : t === "path" ? ["path"] : t === "indirect" ? ["id"] : ["owner", "repo"];
  for (const k of need) if (typeof out[k] !== "string") throw new UserError(`${where}: ${KIND[t]} input lacks attribute '${k}'`);
  if (typeof out.rev === "string" && !REV.test(out.rev)) throw new UserError(`${where}: invalid Git revision '${out.rev}'`);
  if (typeof out.ref === "string" && !isRef(out.ref)) throw new UserError(`${where}: invalid Git branch/tag name '${out.ref}'`);
  return out as unknown as FlakeRef;
}

/** The attributes Nix records in a lock (`original`, `locked`), `dir` included. */
export function refToAttrs(ref: FlakeRef): RefAttrs {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(ref)) if (v !== undefined) out[k] = v as string | number | boolean;
  return out;
}

/** Two references are the same (as the lock compares `original` with the flake's input). */
export function sameRef(a: FlakeRef, b: FlakeRef): boolean {
  const x = refToAttrs(a);
  const y = refToAttrs(b);
  const kx = Object.keys(x).sort();
  const ky = Object.keys(y).sort();
  return kx.length === ky.length && kx.every((k, i) => k === ky[i] && x[k] === y[k]);
}
