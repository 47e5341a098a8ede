/**
 * flake.lock as Nix reads it (versions 5 to 7): `{ version, root, nodes }`,
 * each node with `inputs` (a node id, or a follows path as an array of
 * input names from the root), and but for the root `locked`, `original`
 * and `flake: false` for a non-flake input. The JSON becomes a graph of
 * LockNodes; every shape problem is collected, each with the file and
 * its JSON path, and reported at once.
 */
import { readFileSync } from "node:fs";
import { UserError, UserErrors } from "../../diagnostics/user-error.ts";
import { systemError } from "../../diagnostics/system-error.ts";
import type { FlakeRef } from "../../nix/flake-ref/flake-ref.ts";
import { refFromAttrs, type RefAttrs } from "../../nix/flake-ref/flake-ref-attrs.ts";

export const LOCK_VERSION = 7;

/** A follows path: input names from the root flake. */
export type InputPath = readonly string[];

export interface LockNode {
  /** Each input: another node, or a follows path. */
  readonly inputs: Map<string, LockNode | InputPath>;
}

export interface LockedNode extends LockNode {
  readonly locked: FlakeRef;
  readonly original: FlakeRef;
  readonly isFlake: boolean;
  /** Nix's `parent` of a relative path: input, kept as read. */
  readonly parent?: InputPath;
}

export function isLocked(n: LockNode): n is LockedNode {
  return "locked" in n;
}

export function isFollows(x: LockNode | InputPath): x is InputPath {
  return Array.isArray(x);
}

export interface LockFile {
  readonly root: LockNode;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObject = (v: Json | undefined): v is { [k: string]: Json } => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads and checks a lock file's text; `file` names it in errors. */
export function parseLockFile(text: string, file: string): LockFile {
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch (e) {
    throw new UserError(`lock file '${file}' is not valid JSON: ${(e as Error).message}`);
  }
  const problems: UserError[] = [];
  const problem = (path: string, msg: string) => problems.push(new UserError(`lock file '${file}': at ${path}: ${msg}`));
  if (!isObject(json)) throw new UserError(`lock file '${file}' must hold a JSON object`);
  const version = json.version;
  if (typeof version !== "number" || version < 5 || version > LOCK_VERSION) throw new UserError(`lock file '${file}' has unsupported version ${JSON.stringify(version ?? null)}`);
  const nodesJson = json.nodes;
  const rootId = json.root;
  if (!isObject(nodesJson)) throw new UserError(`lock file '${file}': at nodes: expected an object`);
  if (typeof rootId !== "string" || !isObject(nodesJson[rootId])) throw new UserError(`lock file '${file}': at root: expected the id of a node`);

  const made = new Map<string, LockNode>();
  const makeNode = (id: string): LockNode => {
    const hit = made.get(id);
    if (hit !== undefined) return hit;
    const j = nodesJson[id] as { [k: string]: Json };
    const at = `nodes.${JSON.stringify(id)}`;
    const inputs = new Map<string, LockNode | InputPath>();
    let node: LockNode = { inputs };
    if (id !== rootId || j.locked !== undefined) {
      const ref = (key: "locked" | "original"): FlakeRef | undefined => {
        const a = j[key];
        if (!isObject(a)) {
          problem(`${at}.${key}`, "expected an object");
          return undefined;
        }
        for (const [k, v] of Object.entries(a)) {
          if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
            problem(`${at}.${key}.${k}`, "expected a string, integer or Boolean");
            return undefined;
          }
        }
        try {
          return refFromAttrs(a as RefAttrs, `${at}.${key}`);
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          problems.push(new UserError(`lock file '${file}': at ${e.message}`));
          return undefined;
        }
      };
      const locked = ref("locked");
      const original = ref("original");
      if (j.flake !== undefined && typeof j.flake !== "boolean") problem(`${at}.flake`, "expected a Boolean");
      const parent = j.parent;
      if (parent !== undefined && !(Array.isArray(parent) && parent.every((p) => typeof p === "string"))) problem(`${at}.parent`, "expected an array of input names");
      if (locked !== undefined && original !== undefined) {
        node = { inputs, locked, original, isFlake: j.flake !== false, ...(Array.isArray(parent) ? { parent: parent as string[] } : {}) } as LockedNode;
      }
    }
    made.set(id, node);
    const ins = j.inputs;
    if (ins !== undefined && !isObject(ins)) problem(`${at}.inputs`, "expected an object");
    for (const [name, spec] of Object.entries(isObject(ins) ? ins : {})) {
      if (typeof spec === "string") {
        if (!isObject(nodesJson[spec])) problem(`${at}.inputs.${name}`, `there is no node '${spec}'`);
        else inputs.set(name, makeNode(spec));
      } else if (Array.isArray(spec) && spec.every((p) => typeof p === "string")) {
        inputs.set(name, spec as string[]);
      } else {
        problem(`${at}.inputs.${name}`, "expected a node id or an array of input names (follows)");
      }
    }
    return node;
  };
  const root = makeNode(rootId);
  for (const id of Object.keys(nodesJson)) {
    if (!isObject(nodesJson[id])) problem(`nodes.${JSON.stringify(id)}`, "expected an object");
  }
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) throw new UserErrors(problems);
  return { root };
}

/** The lock file at `path`, or undefined when there is none. */
export function readLockFile(path: string): LockFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    const why = systemError(e);
    if (why !== undefined) throw new UserError(`reading file '${path}': ${why}`);
    throw e;
  }
  return parseLockFile(text, path);
}
