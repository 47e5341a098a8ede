/**
 * The input paths `--override-input` completes, one level below the path
 * typed so far (`a/` lists a's inputs as `a/b`): read from the flake's
 * flake.lock (its root node's inputs, then each locked node's; an input
 * that follows another is listed, and followed to list its own), else,
 * at the top level, from flake.nix evaluated only as far as the names of
 * its `inputs` set and of the formals of `outputs` (its undeclared
 * inputs), without fetching or building anything. A flake that cannot be
 * read offers nothing.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

type LockInputs = Readonly<Record<string, string | readonly string[]>>;

interface LockJson {
  readonly root?: string;
  readonly nodes?: Readonly<Record<string, { readonly inputs?: LockInputs }>>;
}

/** The node an input path leads to in the lock, following `follows` paths (which start at the root). */
function nodeAt(lock: LockJson, path: readonly string[], depth = 0): string | undefined {
  let node = lock.root ?? "root";
  for (const name of path) {
    const ref = lock.nodes?.[node]?.inputs?.[name];
    if (ref === undefined || depth > 16) return undefined;
    const next = typeof ref === "string" ? ref : nodeAt(lock, ref, depth + 1);
    if (next === undefined) return undefined;
    node = next;
  }
  return node;
}

function fromLock(dir: string, parent: readonly string[]): string[] | undefined {
  let lock: LockJson;
  try {
    lock = JSON.parse(readFileSync(join(dir, "flake.lock"), "utf8")) as LockJson;
  } catch {
    return undefined;
  }
  const node = nodeAt(lock, parent);
  return node === undefined ? [] : Object.keys(lock.nodes?.[node]?.inputs ?? {});
}

/** The top-level input names flake.nix declares, evaluating no input's value. */
async function fromFlakeNix(dir: string): Promise<string[]> {
  const { evalFile } = await import("../../nix/evaluate.ts");
  const { force, NixAttrs, NixFunction } = await import("../../nix/value.ts");
  try {
    const top = force(evalFile(join(dir, "flake.nix")));
    if (!(top instanceof NixAttrs)) return [];
    const inputs = top.get("inputs");
    const outputs = top.get("outputs");
    const declared = inputs instanceof NixAttrs ? inputs.keys() : [];
    const formals = outputs instanceof NixFunction ? [...(outputs.formals?.names.keys() ?? [])] : [];
    return [...new Set([...declared, ...formals])].filter((n) => n !== "self");
  } catch {
    return [];
  }
}

/** The input paths below the one `prefix` ends in (up to its last '/'), as `parent/name`, sorted. */
export async function flakeInputNames(dir: string, prefix: string): Promise<string[]> {
  if (!existsSync(join(dir, "flake.nix"))) return [];
  const slash = prefix.lastIndexOf("/");
  const parent = slash < 0 ? [] : prefix.slice(0, slash).split("/");
  const names = fromLock(dir, parent) ?? (parent.length === 0 ? await fromFlakeNix(dir) : []);
  return names.map((n) => [...parent, n].join("/")).sort();
}
