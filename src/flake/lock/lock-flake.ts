/**
 * Locking a flake's inputs as Nix's lockFlake/computeLocks does: for each
 * input (after the overrides its ancestors declare, `inputs.a.inputs.b`,
 * and --override-input), a follows becomes a follows path (absolute for
 * the root flake and overrides, else relative to the declaring flake); an
 * input whose `original` still matches the old lock's (and that is not
 * being updated) keeps its locked reference, fetched at exactly that
 * revision with its narHash verified; anything else is fetched anew and
 * locked. A flake input's own inputs are locked recursively, with the
 * old lock's node, or else the input's own flake.lock, as their old
 * lock. github:numtide/system-manager is this tool: built in, never
 * fetched. nixpkgs and home-manager are fetched like any input; only
 * when one cannot be had (offline and not cached, or the network out of
 * reach) does its built-in stand-in serve, recorded as unavailable (one
 * warning each, locked-flake.ts). A built-in input's old lock entry is
 * kept as it was.
 */
import { join } from "node:path";
import { UserError, UserErrors } from "../../diagnostics/user-error.ts";
import { alwaysBuiltIn, standInFor, type StandIn } from "../builtin-inputs.ts";
import type { FlakeRef } from "../../nix/flake-ref/flake-ref.ts";
import { sameRef } from "../../nix/flake-ref/flake-ref-attrs.ts";
import { readFlakeFile, type FlakeFileContext } from "../flake-file.ts";
import { flakeInputs, resolveIndirect, type FlakeInput } from "../flake-inputs.ts";
import type { FetchContext } from "../fetch/fetch-context.ts";
import { fetchInput } from "../fetch/fetch-input.ts";
import { InputFetchError, Unavailable } from "../fetch/fetch-error.ts";
import type { FetchedTree } from "../fetch/fetched-tree.ts";
import { isFollows, isLocked, readLockFile, type InputPath, type LockFile, type LockedNode, type LockNode } from "./lock-file.ts";

export interface LockOptions {
  readonly fetch: FetchContext;
  /** --override-input: input path ("a/b") → reference. */
  readonly overrides: ReadonlyMap<string, FlakeRef>;
  /** --update-input / `flake update NAME`: input paths locked afresh. */
  readonly updates: ReadonlySet<string>;
  /** --recreate-lock-file, `flake update` without names: the old lock is not used. */
  readonly recreate: boolean;
}

export interface Resolution {
  readonly lock: LockFile;
  /** The tree of every locked node in use. */
  readonly trees: Map<LockNode, FetchedTree>;
  /** Input paths ("a/b") that are built-in stand-ins. */
  readonly builtins: Map<string, StandIn>;
  /** The inputs that could not be fetched, whose stand-ins serve instead. */
  readonly unavailable: readonly UnavailableInput[];
}

export interface UnavailableInput {
  /** The input path ("home-manager", "a/nixpkgs"). */
  readonly path: string;
  readonly standIn: StandIn;
  /** Why: "cannot fetch input 'x' (url): …". */
  readonly reason: string;
}

const MAX_DEPTH = 32;

export async function lockFlake(rootDir: string, oldLock: LockFile | undefined, opts: LockOptions, ctx: FlakeFileContext): Promise<Resolution> {
  const trees = new Map<LockNode, FetchedTree>();
  const builtins = new Map<string, StandIn>();
  const unavailable: UnavailableInput[] = [];
  const overrides = new Map<string, FlakeInput>();
  const root: LockNode = { inputs: new Map() };
  const refreshing: FetchContext = { ...opts.fetch, refresh: true };

  const addOverrides = (prefix: string[], input: FlakeInput) => {
    for (const [id, o] of input.overrides) {
      const path = [...prefix, id];
      if (o.ref !== undefined || o.follows !== undefined) overrides.set(path.join("/"), o);
      addOverrides(path, o);
    }
  };

  const computeLocks = async (inputs: Map<string, FlakeInput>, node: LockNode, prefix: string[], oldNode: LockNode | undefined, dir: string): Promise<void> => {
    if (prefix.length > MAX_DEPTH) throw new UserError(`input '${prefix.join("/")}' nests inputs more than ${MAX_DEPTH} deep (a cycle?)`);
    for (const [id, input] of inputs) addOverrides([...prefix, id], input);
    for (const [id, declared] of [...inputs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const path = [...prefix, id];
      const key = path.join("/");
      const cli = opts.overrides.get(key);
      const o = overrides.get(key);
      const input: FlakeInput = cli !== undefined ? { ref: cli, isFlake: declared.isFlake, overrides: declared.overrides } : o !== undefined ? { ...o, isFlake: declared.isFlake } : declared;
      const hasOverride = cli !== undefined || o !== undefined;
      if (input.follows !== undefined) {
        node.inputs.set(id, hasOverride || prefix.length === 0 ? input.follows : [...prefix, ...input.follows]);
        continue;
      }
      const original = input.ref as FlakeRef;
      const ref = resolveIndirect(original);
      const old = oldNode?.inputs.get(id);
      const stand = cli === undefined ? standInFor(ref) : undefined;
      const useStandIn = (which: StandIn) => {
        builtins.set(key, which);
        if (old !== undefined) node.inputs.set(id, old);
      };
      if (stand !== undefined && alwaysBuiltIn(stand)) {
        useStandIn(stand);
        continue;
      }
      const oldLock = old !== undefined && !isFollows(old) && isLocked(old) && !opts.updates.has(key) ? old : undefined;
      let child: LockedNode;
      let tree: FetchedTree;
      try {
        if (oldLock !== undefined && sameRef(oldLock.original, original) && !hasOverride) {
          tree = await fetchInput(opts.fetch, oldLock.locked, key, dir);
          child = { inputs: new Map(), locked: oldLock.locked, original: oldLock.original, isFlake: oldLock.isFlake, ...(oldLock.parent !== undefined ? { parent: oldLock.parent } : {}) };
        } else {
          tree = await fetchInput(opts.updates.has(key) ? refreshing : opts.fetch, ref, key, dir);
          child = { inputs: new Map(), locked: tree.locked, original, isFlake: input.isFlake };
        }
      } catch (e) {
        if (stand === undefined || !(e instanceof InputFetchError && e.reason instanceof Unavailable)) throw e;
        useStandIn(stand);
        unavailable.push({ path: key, standIn: stand, reason: e.message });
        continue;
      }
      node.inputs.set(id, child);
      trees.set(child, tree);
      if (!child.isFlake) continue;
      const flakeDir = join(tree.path, child.locked.dir ?? "");
      const flake = readFlakeFile(flakeDir, ctx);
      // As Nix: the old lock's node (unless this input is being updated), else the input's own flake.lock.
      const childOld = oldLock ?? readLockFile(join(flakeDir, "flake.lock"))?.root;
      await computeLocks(flakeInputs(flake.top.get("inputs"), flake.outputs), child, path, childOld, flakeDir);
    }
  };

  const flake = readFlakeFile(rootDir, ctx);
  await computeLocks(flakeInputs(flake.top.get("inputs"), flake.outputs), root, [], opts.recreate ? undefined : oldLock?.root, flake.dir);
  const lock: LockFile = { root };
  checkFollows(lock, builtins);
  return { lock, trees, builtins, unavailable };
}

/** Where an input path leads: a node, a stand-in (only as the path's last step), or nowhere. */
export function nodeAt(lock: LockFile, builtins: ReadonlyMap<string, StandIn>, path: InputPath, depth = 0): { node: LockNode; path: string[] } | { standIn: StandIn } | undefined {
  if (depth > MAX_DEPTH) return undefined;
  let cur: { node: LockNode; path: string[] } = { node: lock.root, path: [] };
  for (let i = 0; i < path.length; i++) {
    const last = i === path.length - 1;
    const p = [...cur.path, path[i] as string];
    const stand = builtins.get(p.join("/"));
    if (stand !== undefined) return last ? { standIn: stand } : undefined;
    const x = cur.node.inputs.get(path[i] as string);
    if (x === undefined) return undefined;
    if (isFollows(x)) {
      const t = nodeAt(lock, builtins, x, depth + 1);
      if (t === undefined || "standIn" in t) return last ? t : undefined;
      cur = t;
    } else cur = { node: x, path: p };
  }
  return cur;
}

function checkFollows(lock: LockFile, builtins: ReadonlyMap<string, StandIn>): void {
  const problems: UserError[] = [];
  const walk = (node: LockNode, prefix: string[]) => {
    for (const [id, x] of node.inputs) {
      if (isFollows(x)) {
        if (nodeAt(lock, builtins, x) === undefined) problems.push(new UserError(`input '${[...prefix, id].join("/")}' follows a non-existent input '${x.join("/")}'`));
      } else walk(x, [...prefix, id]);
    }
  };
  walk(lock.root, []);
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) throw new UserErrors(problems);
}
