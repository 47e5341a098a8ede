/**
 * The Nix blocks of one of system-manager's documentation examples
 * (docs/site/examples/NAME.md), read at test time from the mirror of
 * numtide/system-manager (SYSTEM_MANAGER_MIRRORS, default /work/.mirror)
 * or a checkout (SYSTEM_MANAGER_UPSTREAM_SYSTEM_MANAGER): nothing of them
 * is copied into the project. Without either, why, for a visible skip.
 * `upstreamFile` reads any other of its files (the templates) the same way.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export type DocsExample = { readonly blocks: readonly string[]; readonly source: string } | { readonly skip: string };

export type UpstreamFile = { readonly text: string; readonly source: string } | { readonly skip: string };

/** A file of numtide/system-manager (path relative to its root), from the checkout or the mirror; without either, why. */
export function upstreamFile(rel: string): UpstreamFile {
  const checkout = process.env.SYSTEM_MANAGER_UPSTREAM_SYSTEM_MANAGER;
  const gitDir = join(process.env.SYSTEM_MANAGER_MIRRORS ?? "/work/.mirror", "numtide+system-manager", "repo");
  if (checkout !== undefined && checkout !== "") {
    if (!existsSync(join(checkout, rel))) return { skip: `SYSTEM_MANAGER_UPSTREAM_SYSTEM_MANAGER=${checkout} has no ${rel}` };
    return { text: readFileSync(join(checkout, rel), "utf8"), source: join(checkout, rel) };
  }
  if (!existsSync(gitDir)) return { skip: `no copy of numtide/system-manager's ${rel}: set SYSTEM_MANAGER_UPSTREAM_SYSTEM_MANAGER to a checkout, or provide a mirror at ${gitDir}` };
  return { text: execFileSync("git", ["--git-dir", gitDir, "show", `HEAD:${rel}`], { encoding: "utf8" }), source: `${gitDir} HEAD:${rel}` };
}

export function docsExample(name: string): DocsExample {
  const file = upstreamFile(`docs/site/examples/${name}.md`);
  if ("skip" in file) return file;
  const blocks = [...file.text.matchAll(/^```nix\n([^]*?)^```$/gm)].map((m) => m[1] as string);
  return blocks.length > 0 ? { blocks, source: file.source } : { skip: `${file.source} has no nix block` };
}

/** A flake making `modules` (file names next to it) the default system configuration, as the docs' timer example's own flake.nix. */
export function flakeOf(modules: readonly string[]): string {
  return `{
  inputs.nixpkgs.url = "github:nixos/nixpkgs/nixos-unstable";
  inputs.system-manager = { url = "github:numtide/system-manager"; inputs.nixpkgs.follows = "nixpkgs"; };
  outputs = { system-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig { modules = [ ${modules.map((m) => `./${m}`).join(" ")} ]; };
  };
}
`;
}
