/**
 * `build`: evaluate the configuration, check assertions and the platform,
 * compute the generation's content (pure), and write it into the store
 * under the root. Everything is checked before the first write; the store
 * write itself is atomic, so a failed build leaves nothing behind.
 */
import type { Lazy } from "../nix/value.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { evaluateSystem } from "./evaluate-system.ts";
import { checkAssertions } from "./check-assertions.ts";
import { generationSpec, type SourceReader } from "./generation-spec.ts";
import { writeStorePath } from "../store/write-store-path.ts";
import type { StorePath } from "../store/store-path.ts";
import type { Manifest } from "./manifest.ts";
import type { FileTree } from "../store/file-tree.ts";

export interface BuildOptions {
  /** The target root; the store lives under it. */
  readonly root: string;
  /** The machine's system string (e.g. "x86_64-linux"), for the platform check. */
  readonly hostSystem: string;
  readonly readSource: SourceReader;
  /** Prints a warning (evaluation warnings go here). */
  readonly warn: (message: string) => void;
  /** The node binary and CLI script units use to run this program (default: the running ones). */
  readonly cli?: { readonly node: string; readonly script: string };
  /** Special module arguments (a flake's makeSystemConfig gives `lib` and its own). */
  readonly specialArgs?: Readonly<Record<string, Lazy>>;
  /** Store paths the evaluation made (paths interpolated into strings), written with the generation. */
  readonly storeCopies?: readonly { readonly name: string; readonly tree: FileTree }[];
}

export interface BuildResult {
  readonly storePath: StorePath;
  readonly manifest: Manifest;
}

export const GENERATION_NAME = "system-manager";

export async function buildGeneration(modules: readonly Lazy[], opts: BuildOptions): Promise<BuildResult> {
  const { evaluation, system } = evaluateSystem(modules, opts.specialArgs);
  const warnings = checkAssertions(evaluation);
  const sys = system();
  if (sys !== opts.hostSystem) {
    throw new UserError(
      `Cannot build for nixpkgs.hostPlatform "${sys}" on this machine, which is "${opts.hostSystem}": set nixpkgs.hostPlatform = "${opts.hostSystem}"`,
    );
  }
  const { manifest, tree, extraStorePaths } = generationSpec(evaluation, sys, opts.readSource, opts.cli ?? { node: process.execPath, script: process.argv[1] ?? "system-manager" });
  for (const w of warnings) opts.warn(w);
  // What the generation refers to is written first, so a generation in the store is always complete.
  for (const extra of [...(opts.storeCopies ?? []), ...extraStorePaths]) await writeStorePath(opts.root, extra.name, extra.tree);
  const storePath = await writeStorePath(opts.root, GENERATION_NAME, tree);
  return { storePath, manifest };
}
