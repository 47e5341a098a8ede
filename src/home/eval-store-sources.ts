/**
 * Reads a `source` that an evaluation put in its store without writing
 * it: a `toFile` text, a named or filtered path copy, or the output of a text-file derivation (the
 * builders' writeTextFile: its `text`, `destination` and `executable` are
 * in the derivation's environment, so its output is known without running
 * it; nixpkgsPackageSet's writeTextFile, whose destination is in its
 * command) or of a derivation that only links its output elsewhere
 * (mkOutOfStoreSymlink). Any other path goes to the next reader.
 */
import { UserError } from "../diagnostics/user-error.ts";
import type { EvalStore } from "../nix/eval-store.ts";
import type { SourceReader } from "../build/generation-spec.ts";
import type { FileTree, TreeEntry } from "../store/file-tree.ts";
import { copiedSourceTree } from "../store/copied-source-tree.ts";
import { textFileTree } from "../store/text-store-path.ts";
import { encodeBytes } from "../nix/byte-string.ts";

function textDerivationTree(env: ReadonlyMap<string, string>): FileTree | undefined {
  const text = env.get("text");
  if (text === undefined || !(env.get("passAsFile") ?? "").split(" ").includes("text")) return undefined;
  // writeTextFile's command starts `target=$out<destination, shell-quoted>` and moves $textPath there.
  const m = /^target=\$out('(?:[^']|'\\'')*'|[^\s'"$`\\]*)\n/.exec(env.get("buildCommand") ?? "");
  if (m === null || !(env.get("buildCommand") as string).includes('mv "$textPath" "$target"')) return undefined;
  const quoted = m[1] as string;
  const dest = (quoted.startsWith("'") ? quoted.slice(1, -1).replaceAll("'\\''", "'") : quoted).replace(/^\/+/, "");
  return new Map<string, TreeEntry>([[dest, { kind: "file", content: encodeBytes(text), executable: env.get("executable") === "1" }]]);
}

/** A shell word as lib.escapeShellArg writes it: bare, or in single quotes with '\'' for a quote. */
const SHELL_WORD = /^(?:'((?:[^']|'\\'')*)'|([A-Za-z0-9,._+:@%/-]+))$/;

/**
 * The output of a derivation that only links its output elsewhere
 * (home-manager's config.lib.file.mkOutOfStoreSymlink: `ln -s <path>
 * $out`): that one symbolic link, known without running it.
 */
function symlinkDerivationTree(env: ReadonlyMap<string, string>): FileTree | undefined {
  const m = /^ln -s ([^\n]+) \$out$/.exec(env.get("buildCommand") ?? "");
  const word = m === null ? null : SHELL_WORD.exec(m[1] as string);
  if (word === null) return undefined;
  const target = word[1] !== undefined ? word[1].replaceAll("'\\''", "'") : (word[2] as string);
  return new Map<string, TreeEntry>([["", { kind: "symlink", target }]]);
}

/** The part of `tree` (a store path's content) at `rel` inside it. */
function subtree(tree: FileTree, rel: string, path: string): FileTree {
  if (rel === "") return tree;
  const sub = new Map<string, TreeEntry>();
  for (const [k, e] of tree) if (k === rel || k.startsWith(`${rel}/`)) sub.set(k.slice(rel.length + 1), e);
  if (sub.size === 0) throw new UserError(`Cannot read source '${path}': no such file or directory`);
  return sub;
}

/**
 * The outputs of the evaluation's text-file derivations that `texts`
 * name (home-manager's .profile sources hm-session-vars.sh from its store
 * path): each with its exact store path, to be written there.
 */
export function referencedTextOutputs(store: EvalStore | undefined, texts: readonly string[]): { readonly path: string; readonly tree: FileTree }[] {
  if (store === undefined) return [];
  const out: { path: string; tree: FileTree }[] = [];
  for (const drv of store.derivations.values()) {
    const path = drv.outputs.get("out");
    if (path === undefined || path === "" || !texts.some((t) => t.includes(path))) continue;
    const tree = textDerivationTree(drv.env);
    if (tree !== undefined) out.push({ path, tree });
  }
  return out;
}

export function readingEvalStore(store: EvalStore | undefined, next: SourceReader): SourceReader {
  if (store === undefined) return next;
  let outputs: Map<string, FileTree> | undefined;
  let indexed = -1;
  const index = () => {
    if (outputs !== undefined && indexed === store.derivations.size) return outputs;
    outputs = new Map();
    for (const drv of store.derivations.values()) {
      const tree = textDerivationTree(drv.env) ?? symlinkDerivationTree(drv.env);
      const out = drv.outputs.get("out");
      if (tree !== undefined && out !== undefined && out !== "") outputs.set(out, tree);
    }
    indexed = store.derivations.size;
    return outputs;
  };
  return (path) => {
    if (!store.isInStore(path)) return next(path);
    const top = store.toStorePath(path);
    const rel = path.slice(top.length + 1);
    const text = store.texts.get(top);
    if (text !== undefined) return subtree(textFileTree(text.text), rel, path);
    const source = store.sources.get(top);
    if (source !== undefined) return subtree(copiedSourceTree(source), rel, path);
    const built = index().get(top);
    if (built !== undefined) return subtree(built, rel, path);
    return next(path);
  };
}
