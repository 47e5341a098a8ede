/**
 * realiseStorePaths(paths, ctx): makes every store path in `paths` exist
 * in the store under `ctx.root`, with everything it needs first.
 *
 * Contract. `paths` are string-context elements or store paths: a plain
 * path ("/…/store/<hash>-x"), a derivation output ("!out!/…drv"), or a
 * derivation with all its outputs ("=/…drv"). Each is explained by one
 * of: a derivation recorded in one of `ctx.stores` (built: its input
 * derivations' outputs and its input sources realised first, then its
 * builder run by run-builder.ts; outputs are moved into the store
 * atomically; a fixed-output derivation's output is checked against its
 * hash, and `builtin:fetchurl` is fetched here, not by a builder:
 * fetch-url.ts); a
 * `toFile` text recorded in a store (written, with its references); an
 * evaluation's path copy in `ctx.storeCopies`, or a named or filtered
 * one in a store's sources (written); anything else
 * is handed to `ctx.realiseOther` together (Debian packages:
 * PackageSession.realise), which must make it exist. A path already in
 * the store is kept as it is. A failed builder is a UserError naming the
 * derivation with its last 10 log lines, and leaves nothing in the store.
 * Outputs are read into memory to be written (FileTree), so an output's
 * empty subdirectories are not kept (an empty output directory is).
 * Returns the store paths realised or found, in build order.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../../diagnostics/user-error.ts";
import type { Derivation } from "../../nix/builtins/derivation-hash.ts";
import type { EvalStore, StoreSource } from "../../nix/eval-store.ts";
import { copiedSourceTree } from "../../store/copied-source-tree.ts";
import { contentAddressedPath, type FileTree } from "../../store/file-tree.ts";
import { readTree } from "../../store/read-tree.ts";
import { textFileTree } from "../../store/text-store-path.ts";
import { keptInStore, trustedStoreDir, writeStorePathAt } from "../../store/write-store-path.ts";
import type { StorePath } from "../../store/store-path.ts";
import { removeTree } from "../staged-path.ts";
import { runBuilder } from "./run-builder.ts";
import { checkFixedOutput, fetchUrl } from "./fetch-url.ts";

export interface RealiseContext {
  /** The activation root: the store is on disk at root + storeDir. */
  readonly root: string;
  /** The evaluations' stores: their derivations and texts (all with one store directory). */
  readonly stores: readonly EvalStore[];
  /** Path copies the evaluation made (a flake's "${./x}"). */
  readonly storeCopies?: readonly { readonly name: string; readonly tree: FileTree }[];
  /** Makes the other paths exist (packages); each call gets every such path of one step. */
  readonly realiseOther?: (paths: readonly string[]) => Promise<void>;
  /** Downloads for builtin:fetchurl (default: global fetch). */
  readonly download?: (url: string) => Promise<Buffer>;
  readonly progress?: (message: string) => void;
}

const LOG_LINES = 10;

class Realiser {
  readonly #ctx: RealiseContext;
  readonly #outputs = new Map<string, { drvPath: string; drv: Derivation }>();
  readonly #copies = new Map<string, FileTree>();
  readonly #done = new Map<string, Promise<void>>();
  readonly order: string[] = [];
  readonly storeDir: string;

  constructor(ctx: RealiseContext) {
    this.#ctx = ctx;
    this.storeDir = ctx.stores[0]?.storeDir ?? "";
    for (const s of ctx.stores) for (const [drvPath, drv] of s.derivations) for (const p of drv.outputs.values()) this.#outputs.set(p, { drvPath, drv });
    for (const c of ctx.storeCopies ?? []) this.#copies.set(contentAddressedPath(c.name, c.tree), c.tree);
  }

  #derivation(drvPath: string): Derivation {
    for (const s of this.#ctx.stores) {
      const d = s.derivations.get(drvPath);
      if (d !== undefined) return d;
    }
    throw new UserError(`Cannot build '${drvPath}': this evaluation did not instantiate that derivation`);
  }

  /** A copy the evaluation computed itself (a named or filtered `builtins.path`, `filterSource`). */
  #source(path: string): StoreSource | undefined {
    for (const s of this.#ctx.stores) {
      const src = s.sources.get(path);
      if (src !== undefined) return src;
    }
    return undefined;
  }

  #text(path: string) {
    for (const s of this.#ctx.stores) {
      const t = s.texts.get(path);
      if (t !== undefined) return t;
    }
    return undefined;
  }

  /** Store paths an element stands for. */
  expand(element: string): string[] {
    if (element.startsWith("=")) return [...this.#derivation(element.slice(1)).outputs.values()];
    if (element.startsWith("!")) {
      const bang = element.indexOf("!", 1);
      const out = this.#derivation(element.slice(bang + 1)).outputs.get(element.slice(1, bang));
      if (out === undefined) throw new UserError(`Cannot build output '${element.slice(1, bang)}' of '${element.slice(bang + 1)}': it has no such output`);
      return [out];
    }
    return [element];
  }

  async realise(paths: Iterable<string>): Promise<void> {
    const all = [...new Set(paths)];
    const mine = (p: string) => this.#outputs.has(p) || this.#text(p) !== undefined || this.#copies.has(p) || this.#source(p) !== undefined;
    const others = all.filter((p) => !mine(p) && !this.#done.has(p));
    if (others.length > 0) {
      // Every later step needing one of them waits for this same call.
      const done = this.#ctx.realiseOther === undefined ? Promise.resolve() : this.#ctx.realiseOther(others);
      for (const p of others) this.#done.set(p, done);
    }
    await Promise.all(all.map((p) => (mine(p) ? this.#one(p) : (this.#done.get(p) as Promise<void>))));
  }

  #one(path: string): Promise<void> {
    let p = this.#done.get(path);
    if (p === undefined) {
      p = this.#make(path);
      this.#done.set(path, p);
    }
    return p;
  }

  async #make(path: string): Promise<void> {
    const text = this.#text(path);
    if (text !== undefined) {
      await this.realise(text.references);
      if (!keptInStore(this.#ctx.root, path)) await writeStorePathAt(this.#ctx.root, path as StorePath, textFileTree(text.text));
    } else if (this.#copies.has(path)) {
      if (!keptInStore(this.#ctx.root, path)) await writeStorePathAt(this.#ctx.root, path as StorePath, this.#copies.get(path) as FileTree);
    } else if (this.#source(path) !== undefined) {
      if (!keptInStore(this.#ctx.root, path)) await writeStorePathAt(this.#ctx.root, path as StorePath, copiedSourceTree(this.#source(path) as StoreSource));
    } else {
      const { drvPath, drv } = this.#outputs.get(path) as { drvPath: string; drv: Derivation };
      await this.#build(drvPath, drv);
    }
    this.order.push(path);
  }

  #building = new Map<string, Promise<void>>();
  #build(drvPath: string, drv: Derivation): Promise<void> {
    let b = this.#building.get(drvPath);
    if (b === undefined) {
      b = this.#run(drvPath, drv);
      this.#building.set(drvPath, b);
    }
    return b;
  }

  async #run(drvPath: string, drv: Derivation): Promise<void> {
    const inputs = [...drv.inputSrcs];
    for (const [d, outs] of drv.inputDrvs) for (const o of outs) inputs.push(...this.expand(`!${o}!${d}`));
    await this.realise(inputs);
    const outputs = [...drv.outputs.values()];
    if (outputs.every((o) => keptInStore(this.#ctx.root, o))) return;
    this.#ctx.progress?.(`building '${drvPath}'`);
    const scratch = mkdtempSync(join(tmpdir(), "system-manager-build-"));
    try {
      const upper = join(scratch, "upper");
      mkdirSync(upper);
      if (drv.builder === "builtin:fetchurl") await fetchUrl({ drvPath, drv, entry: join(upper, (drv.outputs.get("out") as string).slice(this.storeDir.length + 1)), scratch, download: this.#ctx.download });
      else {
        const builderPath = drv.builder.split("/").slice(0, this.storeDir.split("/").length + 1).join("/");
        if (drv.builder.startsWith(`${this.storeDir}/`) && !existsSync(join(this.#ctx.root, builderPath))) {
          throw new UserError(`builder for '${drvPath}' cannot run: '${drv.builder}' is not in the store (its package was not realised: are packages turned off?)`);
        }
        const r = await runBuilder({ drv, storeDir: this.storeDir, diskStore: trustedStoreDir(this.#ctx.root), scratch, upper });
        if (r.code !== 0) throw builderFailed(drvPath, r.code, r.log);
      }
      const trees = new Map<string, FileTree>();
      for (const out of outputs) {
        const entry = join(upper, out.slice(this.storeDir.length + 1));
        // lstat, not exists: an output may be a link to a path that is not there (mkOutOfStoreSymlink's to a file the user makes later).
        if (lstatSync(entry, { throwIfNoEntry: false }) === undefined) throw new UserError(`builder for '${drvPath}' failed to produce output path for output '${[...drv.outputs].find(([, p]) => p === out)?.[0]}' at '${out}'`);
        if (drv.fixed !== undefined) checkFixedOutput(drvPath, drv, entry);
        trees.set(out, readTree(entry, "build output"));
      }
      for (const [out, tree] of trees) await writeStorePathAt(this.#ctx.root, out as StorePath, tree);
    } finally {
      // Made writable first: a builder may leave read-only directories (as store paths are), which only root could remove.
      removeTree(scratch);
    }
  }
}

function builderFailed(drvPath: string, code: number, log: string): UserError {
  const lines = log.replace(/\n$/, "").split("\n").slice(-LOG_LINES).map((l) => `> ${l}`);
  return new UserError(`builder for '${drvPath}' failed with exit code ${code}; last ${LOG_LINES} log lines:\n${lines.join("\n")}`);
}

export async function realiseStorePaths(paths: Iterable<string>, ctx: RealiseContext): Promise<string[]> {
  const r = new Realiser(ctx);
  const expanded: string[] = [];
  for (const p of paths) expanded.push(...r.expand(p));
  await r.realise(expanded);
  return r.order;
}

