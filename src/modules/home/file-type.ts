/**
 * The type of one managed file (home.file, xdg.configFile, …), as
 * home-manager's file-type.nix: `target` relative to a base directory
 * (absolute targets lose the home prefix), content from `text` or
 * `source`, `executable`, `recursive`, `onChange`, `force`, `enable`.
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";
import { mkDefault, mkIf, mkOptionDefault } from "../../module-system/properties.ts";
import { rawOf, toJS } from "../../nix/js-value.ts";
import { force, NixAttrs, Thunk, type Lazy } from "../../nix/value.ts";
import { textStorePath } from "../../store/text-store-path.ts";
import { storeNameSafe } from "../../store/store-path.ts";

const { mkOption, types } = lib;

const T = {
  nonEmpty: types.nonEmptyStr,
  text: types.nullOr(types.lines),
  source: types.path,
  executable: types.nullOr(types.bool),
  lines: types.lines,
};

/** The store file a `text` entry becomes (home-manager's `hm_<name>` writeTextFile). */
export function textSourceName(name: string): string {
  return `hm_${storeNameSafe(name)}`;
}

/** `base` is the target's base directory relative to home ("" for home.file, ".config" for xdg.configFile). */
export function fileType(base: () => string, homeDirectory: () => string) {
  // The declarations are one module shared by every entry (none of them reads `name` or `config`):
  // the module system merges them once for all entries, whatever their number.
  const options = {
    options: {
      enable: mkOption({ type: types.bool, default: true, description: "Whether this file is generated." }),
      target: mkOption({
        type: T.nonEmpty,
        defaultText: lib.literalExpression("name"),
        // Applied once to the merged value: relative targets gain the base directory.
        apply: ((t: string) => targetOf(t, base(), homeDirectory())) as never,
        description: "Path of the file, relative to the home directory (an absolute path inside the home is made relative).",
      }),
      text: mkOption({ type: T.text, default: null, description: "The content of the file." }),
      source: mkOption({ type: T.source, description: "A file or directory to link (used when `text` is null)." }),
      executable: mkOption({ type: T.executable, default: null, description: "Set the executable bit (null: as the source has it)." }),
      recursive: mkOption({ type: types.bool, default: false, description: "Link a directory source file by file instead of as one link." }),
      onChange: mkOption({ type: T.lines, default: "", description: "Shell commands run after linking when the file changed." }),
      force: mkOption({ type: types.bool, default: false, description: "Replace whatever is at the target without the collision check." }),
    },
  };
  return types.attrsOf(
    types.submoduleWith({
      modules: [options, entryDefaults],
      shorthandOnlyDefinesConfig: true,
      // An entry's modules read nothing else of the configuration than the target's base and the home directory.
      memo: { id: "home-manager/file-type.ts", outside: () => [base(), homeDirectory()] },
    }),
  );
}

/**
 * Each entry's own module: its default target, and its source made from `text`. Made of Nix
 * values directly (one per entry of a 10,000-file home), `text` read from the entry's config
 * set itself when the condition is forced, and only then, as a view of `config` would read it.
 */
function entryDefaults({ name, config }: { name: string; config: unknown }): NixAttrs {
  const cfg = rawOf(config) as Lazy;
  const text = (): unknown => {
    const lazy = (force(cfg) as NixAttrs).lazy("text");
    return lazy === undefined ? undefined : toJS(lazy);
  };
  return NixAttrs.from({
    config: NixAttrs.from({
      // The default target, the entry's name (an option default, as home-manager's `default = name`).
      target: mkOptionDefault(name),
      // As home-manager: `text` becomes a store file, which is then the entry's source.
      source: mkIf(
        new Thunk(() => text() !== null),
        mkDefault(new Thunk(() => textStorePath(textSourceName(name), text() as string))),
      ),
    }),
  });
}

/** Target relative to the home directory, from a name relative to `base` or an absolute path inside the home. */
export function targetOf(name: string, base: string, home: string): string {
  if (name.startsWith("/")) return name.startsWith(home + "/") ? name.slice(home.length + 1) : name;
  if (base === "") return name;
  return `${base}/${name}`;
}
