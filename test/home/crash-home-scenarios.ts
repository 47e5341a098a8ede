/**
 * The home crash suite's scenarios: a home with files of its own, two home
 * generations that add, change (content, executable bit, a file becoming
 * a directory of files, a directory linked into the generation, and one
 * linked whole becoming linked file by file), remove
 * and back up files (with onChange hooks), and the loop that kills a home activation at every
 * write it makes in turn (HomeCrashFs, injected through activateHome's
 * openFs) and checks that what runs next converges to the tree an
 * uninterrupted run gives, losing nothing that was there before.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeTree, snapshot } from "../helpers/tree.ts";
import { homeOf } from "./home-config.ts";
import { writeStorePath } from "../../src/store/write-store-path.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { activateHome } from "../../src/activate/home/activate-home.ts";
import { Crash, CrashingFs, QuickFs, cloneTree } from "../activate/crash-harness.ts";
import type { RootFs } from "../../src/activate/root-fs.ts";

export const HOME = "home/alice";
/** Files of the user's own: `.gitconfig` and `.profile` are in the way of managed files and get backed up. */
export const own = { [`${HOME}/.gitconfig`]: "mine: git\n", [`${HOME}/.profile`]: "mine: profile\n", [`${HOME}/.bashrc`]: "unmanaged\n", [`${HOME}/notes/todo.txt`]: "todo\n" };

/** A CrashingFs whose mkdirs is one write per directory it creates, so a kill can fall between them. */
class HomeCrashFs extends CrashingFs {
  override mkdirs(path: string): string[] {
    const created: string[] = [];
    let cur = "";
    for (const part of path.split("/").filter((p) => p !== "")) {
      cur += "/" + part;
      if (this.entry(cur).kind !== "dir") created.push(...super.mkdirs(cur));
    }
    return created;
  }
}

function sourceDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "sm-crash-home-src-"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

/** An onChange hook that records which generation's ran last (idempotent: it may run again after a kill, never not at all). */
const hook = (name: string, version: string) => `echo ${version} > "$HOME/.hook-${name}"`;

function generation1(): Record<string, unknown> {
  return {
    ".gitconfig": { text: "[user]\n\tname = v1\n" },
    ".config/app/settings.conf": { text: "v1\n" },
    "hooked": { text: "v1\n", onChange: hook("hooked", "v1") },
    "bin/tool": { text: "#!/bin/sh\necho tool\n" },
    ".config/tool": { text: "a single file\n" },
    ".local/share/theme": { source: sourceDir({ "colors.conf": "dark\n", "icons/a.svg": "<svg/>\n" }) },
    ".config/gone/old.txt": { text: "old\n" },
    ".local/share/fonts": { source: sourceDir({ "a.ttf": "a\n", "sub/b.ttf": "b\n" }) },
    "shared.txt": { text: "same in both\n", onChange: hook("shared", "g1") },
  };
}

function generation2(): Record<string, unknown> {
  return {
    ".gitconfig": { text: "[user]\n\tname = v2\n" },
    ".config/app/settings.conf": { text: "v2\n" },
    "hooked": { text: "v2\n", onChange: hook("hooked", "v2") },
    "bin/tool": { text: "#!/bin/sh\necho tool\n", executable: true },
    ".config/tool/a.conf": { text: "a\n" },
    ".config/tool/b.conf": { text: "b\n" },
    ".local/share/theme": { source: sourceDir({ "colors.conf": "light\n", "fonts/f.txt": "mono\n" }) },
    ".profile": { text: "export EDITOR=vi\n" },
    ".config/new/added.txt": { text: "added\n" },
    ".local/share/fonts": { source: sourceDir({ "a.ttf": "a2\n", "sub/b.ttf": "b\n" }), recursive: true },
    "shared.txt": { text: "same in both\n", onChange: hook("shared", "g2") },
  };
}

/** A root with the user's own files and both home generations in its store (none activated). */
export async function prepareHome(): Promise<{ root: string; gens: [string, string] }> {
  const root = makeTree(own);
  const gens: string[] = [];
  for (const files of [generation1(), generation2()]) {
    const { content } = homeOf({ home: { stateVersion: "25.05", file: files } });
    for (const e of content.extra) await writeStorePath(root, e.name, e.tree);
    gens.push(await writeStorePath(root, "home-manager-generation", content.tree));
  }
  return { root, gens: gens as [string, string] };
}

export type HomeCommand = (root: string, homeFs: RootFs) => void;

/**
 * Activates home generation `generation` (as `generation number`, for a
 * rollback) with backup extension "bak"; with `linkPrefix`, as
 * `home-manager switch` does (links name the store under that prefix).
 */
export const activateGen =
  (generation: string, number?: number, linkPrefix?: string): HomeCommand =>
  (root, homeFs) => {
    const homeDir = join(root, HOME);
    activateHome({
      storeDir: join(root, STORE_DIR),
      homeDir,
      generation,
      generationNumber: number,
      linkPrefix,
      backupExtension: "bak",
      uid: undefined,
      env: { PATH: process.env.PATH },
      log: () => undefined,
      openFs: (dir) => (dir === homeDir ? homeFs : new QuickFs(dir)),
    });
  };

/** Runs `commands` in turn on `root`, uninterrupted. */
export function run(root: string, ...commands: HomeCommand[]): void {
  for (const c of commands) c(root, new QuickFs(join(root, HOME)));
}

/** The user's own files are each at their path or at their backup. */
function assertNothingLost(root: string, at: string): void {
  const read = (p: string) => {
    try {
      return readFileSync(join(root, p), "utf8");
    } catch {
      return undefined;
    }
  };
  for (const [path, content] of Object.entries(own)) assert.ok([path, `${path}.bak`].some((p) => read(p) === content), `${path} lost ${at}`);
}

export const homeTree = (root: string, skip: readonly string[] = []) => snapshot(join(root, HOME), skip);
export const PROFILES = "/.local/state/nix/profiles";

/**
 * Kills `command` on a clone of `template` at every write in turn; after
 * each kill, runs each of `then` in turn and compares the home with what
 * `then` gives after an uninterrupted `command` (`skip` left out of the
 * comparison), then runs `check`. Returns the number of writes `command`
 * makes.
 */
export function crashEverywhere(
  template: string,
  command: HomeCommand,
  then: readonly HomeCommand[],
  opts: { skip?: readonly string[]; check?: (root: string) => void } = {},
): number {
  const skip = opts.skip ?? [];
  const reference = cloneTree(template);
  run(reference, command, ...then);
  const expected = homeTree(reference, skip);
  for (let crashAt = 0; ; crashAt++) {
    const root = cloneTree(template);
    try {
      command(root, new HomeCrashFs(join(root, HOME), crashAt));
      for (const r of [root, reference]) rmSync(r, { recursive: true, force: true });
      return crashAt;
    } catch (e) {
      if (!(e instanceof Crash)) throw e;
    }
    assertNothingLost(root, `after a kill at write ${crashAt}`);
    for (const [i, c] of then.entries()) {
      try {
        run(root, c);
      } catch (e) {
        throw new Error(`After a kill at write ${crashAt}, step ${i + 1} failed: ${(e as Error).message}`);
      }
    }
    assert.deepEqual(homeTree(root, skip), expected, `after a kill at write ${crashAt}, what ran next did not converge`);
    assertNothingLost(root, `after a kill at write ${crashAt} and what ran next`);
    opts.check?.(root);
    // A clone that passed is removed (one that failed is left to look at).
    rmSync(root, { recursive: true, force: true });
  }
}
