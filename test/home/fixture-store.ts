/**
 * The store a home-manager fixture is built into, for hm-fixtures.ts:
 * builder outputs, texts and path copies are realised under `root` by
 * realise.ts as a build would; packages (which home-manager's harness
 * scrubs to `@pname@`, and our lock-less evaluation has only as requests)
 * are stood in for by the build machine's programs: a package's bin/
 * holds links to /usr/bin's programs of its name (coreutils' bin/ is
 * /usr/bin, so the builders run with the host's tools).
 *
 * `asTested` shows a text as home-manager's tests see it: a package's
 * store path as `@pname@`; other store paths stay.
 */
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import type { EvalStore } from "../../src/nix/eval-store.ts";
import { realiseStorePaths } from "../../src/packages/nixpkgs/realise.ts";
import { contentAddressedPath, type FileTree } from "../../src/store/file-tree.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";

/** Programs of a package whose attribute is not its program's name. */
const PROGRAMS: Readonly<Record<string, readonly string[]>> = {
  gitMinimal: ["git"],
  gnupg: ["gpg", "gpg-agent", "gpgconf", "gpg-connect-agent"],
  "neovim-unwrapped": ["nvim"],
  neovim: ["nvim"],
  python3: ["python3"],
  bashInteractive: ["bash"],
};

const pkgName = (path: string) => path.slice(STORE_DIR.length + 34);

/** Makes the package paths `paths` exist under `root` as stand-ins made of the host's programs. */
function standIns(root: string, paths: readonly string[]): void {
  for (const p of paths) {
    const dir = join(root, p);
    if (!p.startsWith(`${STORE_DIR}/`) || existsSync(dir)) continue;
    const name = pkgName(p);
    mkdirSync(dir, { recursive: true });
    if (name === "coreutils") {
      symlinkSync("/usr/bin", join(dir, "bin"));
      continue;
    }
    const progs = (PROGRAMS[name] ?? [name]).filter((n) => existsSync(join("/usr/bin", n)));
    if (progs.length === 0) continue;
    mkdirSync(join(dir, "bin"));
    for (const n of progs) symlinkSync(join("/usr/bin", n), join(dir, "bin", n));
  }
}

export class FixtureStore {
  readonly root: string;
  readonly #store: EvalStore;
  readonly #copies: readonly { readonly name: string; readonly tree: FileTree }[];

  constructor(root: string, store: EvalStore, copies: readonly { readonly name: string; readonly tree: FileTree }[]) {
    this.root = root;
    this.#store = store;
    this.#copies = copies;
    mkdirSync(join(root, STORE_DIR), { recursive: true });
  }

  /** Realises `contexts` (string-context elements) under the root. */
  async realise(contexts: Iterable<string>): Promise<void> {
    await realiseStorePaths(contexts, { root: this.root, stores: [this.#store], storeCopies: this.#copies, realiseOther: async (paths) => standIns(this.root, paths) });
  }

  /** The store paths that are not packages: builders' outputs, texts and path copies. */
  #made(): Set<string> {
    const made = new Set<string>(this.#store.texts.keys());
    for (const d of this.#store.derivations.values()) for (const o of d.outputs.values()) made.add(o);
    for (const c of this.#copies) made.add(contentAddressedPath(c.name, c.tree));
    return made;
  }

  /** `text` with packages' store paths as `@pname@`; with `keepRun`, not those whose program the script runs. */
  asTested(text: string, keepRun = false): string {
    const store = STORE_DIR.replace(/[/.]/g, "\\$&");
    const re = new RegExp(`(^|[\\s(])?(${store}/[0-9a-z]{32}-([A-Za-z0-9_+.?=-]+?))(?=/|"|'|\\s|$|\\)|:|;)(/bin/)?`, "gm");
    const made = this.#made();
    const pkg = (p: string) => !made.has(p);
    return text.replace(re, (m, before: string | undefined, path: string, name: string, bin: string | undefined) => {
      if (!pkg(path) || (keepRun && before !== undefined && bin !== undefined)) return m;
      return `${before ?? ""}@${name}@${bin ?? ""}`;
    });
  }
}
