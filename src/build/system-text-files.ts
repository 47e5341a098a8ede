/** The store files of `system-manager.textFiles`, for the build to write with the generation. */
import type { Evaluation } from "../module-system/eval-modules.ts";
import { toJS } from "../nix/js-value.ts";
import { force, NixAttrs, type Lazy } from "../nix/value.ts";
import { textStoreFile } from "../store/text-store-path.ts";
import type { NamedTree } from "../store/write-store-paths.ts";

export function systemTextFiles(ev: Evaluation): NamedTree[] {
  const sm = ev.config.has("system-manager") ? force(ev.config.lazy("system-manager") as Lazy) : undefined;
  if (!(sm instanceof NixAttrs) || !sm.has("textFiles")) return [];
  const files = toJS(sm.lazy("textFiles") as Lazy) as { name: string; text: string }[];
  return files.map(({ name, text }) => {
    const { tree, path } = textStoreFile(name, text);
    return { name, tree, path };
  });
}
