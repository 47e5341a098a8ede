/**
 * `home.file`, and the xdg file options mapped onto it; two enabled
 * entries with the same target are an error (home-manager's "Conflicting
 * managed target files").
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";
import { fileType, targetOf } from "./file-type.ts";
import { rawOf } from "../../nix/js-value.ts";
import { force, stringText, type Lazy, type NixAttrs, type NixString } from "../../nix/value.ts";

const { mkOption } = lib;

interface FileEntry {
  enable: boolean;
  target: string;
}
interface Cfg {
  home: { homeDirectory: string; file: Record<string, FileEntry> };
  xdg: { configHome: string; dataHome: string; cacheHome: string; stateHome: string };
}

/**
 * The targets two or more enabled entries of `home.file` share, sorted; read as Nix values,
 * not through a JavaScript view of each of 10,000 entries (a proxy and its target apiece)
 * only to read two fields.
 */
function duplicateTargets(files: Lazy): string[] {
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const entry of (force(files) as NixAttrs).valuesInOrder()) {
    const f = force(entry) as NixAttrs;
    if (f.get("enable") !== true) continue;
    const target = stringText(f.get("target") as NixString | string);
    (seen.has(target) ? dups : seen).add(target);
  }
  return [...dups].sort();
}

/** `read`, called once (when first needed) for all the entries whose target it makes; a read that throws is tried again. */
function once(read: () => string): () => string {
  let value: string | undefined;
  return () => (value ??= read());
}

export const filesModule = ({ config }: { config: Cfg }) => {
  const home = once(() => config.home.homeDirectory);
  const under = (dir: () => string) => once(() => targetOf(dir(), "", home()));
  return {
    _file: "home-manager/modules/files.ts",
    options: {
      home: {
        file: mkOption({ type: fileType(() => "", home), default: {}, description: "Files to place in the home directory." }),
      },
      xdg: {
        configFile: mkOption({ type: fileType(under(() => config.xdg.configHome), home), default: {}, description: "Files to place in xdg.configHome." }),
        dataFile: mkOption({ type: fileType(under(() => config.xdg.dataHome), home), default: {}, description: "Files to place in xdg.dataHome." }),
        cacheFile: mkOption({ type: fileType(under(() => config.xdg.cacheHome), home), default: {}, description: "Files to place in xdg.cacheHome." }),
        stateFile: mkOption({ type: fileType(under(() => config.xdg.stateHome), home), default: {}, description: "Files to place in xdg.stateHome." }),
      },
    },
    config: {
      assertions: lib.lazy(() => {
        const dups = duplicateTargets(rawOf(config.home.file) as Lazy);
        return [{ assertion: dups.length === 0, message: `Conflicting managed target files: ${dups.join(", ")}\n\nThis may happen, for example, if you have a configuration similar to\n\n    home.file = {\n      conflict1 = { source = ./foo.nix; target = "baz"; };\n      conflict2 = { source = ./bar.nix; target = "baz"; };\n    }` }];
      }),
    },
  };
};
