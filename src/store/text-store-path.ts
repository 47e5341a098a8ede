/**
 * `writeText` for modules: the store path of a file with the given name and
 * text, known at evaluation time because it is content-addressed (as Nix's
 * builtins.toFile). The build writes it with writeStorePath, which gives
 * the same path. The last text store files made are remembered by their
 * text (textStoreFile): a home's 10,000 `text` entries are named by the
 * evaluation and then written by the build, with one buffer and one hash
 * apiece, not two.
 */
import type { StorePath } from "./store-path.ts";
import { addressOf, contentAddressedPath, type FileTree } from "./file-tree.ts";
import { encodeBytes } from "../nix/byte-string.ts";
import { storeNameProblem } from "../nix/store-name.ts";
import { UserError } from "../diagnostics/user-error.ts";

/** The one-file tree of `text`: the bytes the Nix string stands for (a byte that is not UTF-8 stays that byte). */
export function textFileTree(text: string, executable = false): FileTree {
  return new Map([["", { kind: "file", content: encodeBytes(text), executable }]]);
}

export interface TextStoreFile {
  readonly tree: FileTree;
  readonly path: StorePath;
}

/** How many texts are remembered; past it, the memory starts afresh (a build needs each only from its naming to its writing). */
const REMEMBERED = 1 << 17;
const made = new Map<string, TextStoreFile & { readonly name: string; readonly executable: boolean }>();

/** The one-file tree holding `text` and its store path under `name`: the one made last for that text and name, else a new one. */
export function textStoreFile(name: string, text: string, executable = false): TextStoreFile {
  const known = made.get(text);
  if (known !== undefined && known.name === name && known.executable === executable) return known;
  // As Nix's writeText: a name no store path can have is refused (by whoever made it: an option's attribute name, most often).
  const invalid = storeNameProblem(name);
  if (invalid !== undefined) throw new UserError(`Cannot write a text file to the store: its ${invalid}`);
  const tree = textFileTree(text, executable);
  // Not contentAddressedPath, which would also remember the address by the buffer: `made` remembers it by the text.
  const file = { name, executable, tree, path: addressOf(name, tree) };
  if (made.size >= REMEMBERED) made.clear();
  made.set(text, file);
  return file;
}

export function textStorePath(name: string, text: string, executable = false): StorePath {
  return textStoreFile(name, text, executable).path;
}

/** A directory of symlinks (nixpkgs' linkFarm): entry name → link target. */
export function linkFarmTree(links: Readonly<Record<string, string>>): FileTree {
  return new Map(Object.entries(links).map(([n, target]) => [n, { kind: "symlink" as const, target }]));
}

export function linkFarmStorePath(name: string, links: Readonly<Record<string, string>>): StorePath {
  return contentAddressedPath(name, linkFarmTree(links));
}
