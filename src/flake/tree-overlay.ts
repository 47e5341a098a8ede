/**
 * What a flake evaluation lays over the files it reads, for a nixpkgs
 * input made from a source tree (nixpkgs-input.ts): files the tree lacks
 * served from the project's own equivalents (`mount`: reading
 * `<tree>/nixos/modules/misc/assertions.nix` reads ours), and imports
 * answered with a value instead of a file (`provide`: `import <tree> { … }`
 * gives our package set, as nixpkgs' own default.nix gives its). The
 * evaluator knows nothing of either: the overlay wraps the EvalIO it reads
 * through and its `import` builtin.
 */
import type { BuiltinContext } from "../nix/builtins/builtin-context.ts";
import { realisePath } from "../nix/builtins/files.ts";
import { argFrame, primop } from "../nix/builtins/primop.ts";
import type { EvalIO, FileType } from "../nix/io.ts";
import { force, NixAttrs, NixFunction, type Lazy, type Value } from "../nix/value.ts";

export class TreeOverlay {
  /** Virtual file path → the real file that serves it. */
  readonly #files = new Map<string, string>();
  /** Virtual directories (ancestors of mounted files that do not exist). */
  readonly #dirs = new Map<string, Set<string>>();
  /** A path `import` answers with a value (a directory's, or its default.nix's). */
  readonly #values = new Map<string, () => Value>();

  /** Serves `real` at `path` when nothing exists there. */
  mount(path: string, real: string): void {
    this.#files.set(path, real);
    const parts = path.split("/");
    for (let i = parts.length - 1; i > 1; i--) {
      const dir = parts.slice(0, i).join("/");
      const kids = this.#dirs.get(dir) ?? new Set<string>();
      kids.add(parts[i] as string);
      this.#dirs.set(dir, kids);
    }
  }

  /** `import path` (or `import` of the directory whose default.nix it is) gives `value()`. */
  provide(path: string, value: () => Value): void {
    this.#values.set(path, value);
  }

  io(base: EvalIO): EvalIO {
    const real = (p: string) => this.#files.get(p);
    const virtualDir = (p: string) => this.#dirs.has(p) && !base.pathExists(p);
    return {
      ...base,
      readFile: (p) => base.readFile(real(p) ?? p),
      pathExists: (p) => base.pathExists(p) || real(p) !== undefined || this.#dirs.has(p),
      readDir: (p) => {
        const own = virtualDir(p) ? new Map<string, FileType>() : base.readDir(p);
        for (const k of this.#dirs.get(p) ?? []) if (!own.has(k)) own.set(k, this.#files.has(`${p}/${k}`) ? "regular" : "directory");
        return own;
      },
      fileType: (p) => {
        const r = real(p);
        if (r !== undefined && !base.pathExists(p)) return base.fileType(r);
        return virtualDir(p) ? "directory" : base.fileType(p);
      },
    };
  }

  /** The builtins, with `import` answering provided paths first. */
  builtins(create: (ctx: BuiltinContext) => NixAttrs): (ctx: BuiltinContext) => NixAttrs {
    return (ctx) => {
      const all = create(ctx);
      const original = force(all.lazy("import") as Lazy) as NixFunction;
      const wrapped = primop("import", 1, (p) => {
        const path = realisePath(ctx, p, argFrame(0, "import"));
        const provided = this.#values.get(path) ?? this.#values.get(path.replace(/\/default\.nix$/, ""));
        return provided !== undefined ? provided() : original.call(p);
      });
      return new NixAttrs(new Map([...all.map, ["import", wrapped]]), all.pos);
    };
  }
}
