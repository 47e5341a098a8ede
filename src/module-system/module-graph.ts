/**
 * `graph` of an evaluation, as nixpkgs' evalModules gives it: the modules
 * as given and imported, each once per place it appears (not deduplicated,
 * a disabled one included), as `{ key; file; imports; disabled; }`, where
 * `disabled` says whether some module's `disabledModules` names its key.
 * The modules are loaded again for it (nixpkgs collects them again too),
 * only when `graph` is read.
 */
import { NixAttrs, type Lazy, type Value } from "../nix/value.ts";
import { Layout } from "../nix/attrs-layout.ts";
import { loadModule, type CollectOptions } from "./collect-modules.ts";
import { disabledKey } from "./disabled-key.ts";

interface Node {
  readonly key: string;
  readonly file: string;
  readonly imports: readonly Node[];
}

const NODE = new Layout(["disabled", "file", "imports", "key"], undefined);

export function moduleGraph(modules: readonly Lazy[], opts: CollectOptions): Value {
  const disabled = new Set<string>();
  const walk = (items: readonly Lazy[], file: string, parentKey: string): Node[] =>
    items.map((m, i) => {
      const u = loadModule(m, file, `${parentKey}:anon-${i + 1}`, opts);
      for (const d of u.disabled) disabled.add(disabledKey(d, u.module.file, opts.modulesPath));
      return { key: u.module.key, file: u.module.file, imports: walk(u.imports, u.module.file, u.module.key) };
    });
  const toNix = (n: Node): NixAttrs => NixAttrs.fromLayout(NODE, [disabled.has(n.key), n.file, n.imports.map(toNix), n.key]);
  return walk(modules, "<unknown-file>", "").map(toNix);
}
