/**
 * `writeText` for modules: the store path of a file with the given name and
 * text, known at evaluation time because it is content-addressed (as Nix's
 * builtins.toFile). The build writes it with writeStorePath, which gives
 * the same path.
 */
import type { StorePath } from "./store-path.ts";
import { contentAddressedPath, type FileTree } from "./file-tree.ts";

export function textFileTree(text: string, executable = false): FileTree {
  return new Map([["", { kind: "file", content: Buffer.from(text), executable }]]);
}

export function textStorePath(name: string, text: string, executable = false): StorePath {
  return contentAddressedPath(name, textFileTree(text, executable));
}

/** A directory of symlinks (nixpkgs' linkFarm): entry name → link target. */
export function linkFarmTree(links: Readonly<Record<string, string>>): FileTree {
  return new Map(Object.entries(links).map(([n, target]) => [n, { kind: "symlink" as const, target }]));
}

export function linkFarmStorePath(name: string, links: Readonly<Record<string, string>>): StorePath {
  return contentAddressedPath(name, linkFarmTree(links));
}
