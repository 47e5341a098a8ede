/**
 * The source of src/config/options.generated.ts and src/config/options/*.ts:
 * the system option modules' option tree rendered as TypeScript
 * interfaces, one file per option group (option-type-files.ts). Used by
 * scripts/gen-option-types.ts to write the files and by a test to check
 * that the checked-in files are current.
 */
import { evalModules } from "../module-system/eval-modules.ts";
import { systemModules } from "../modules/system/index.ts";
import { homeManagerModule } from "../modules/system/home-manager.ts";
import { lazyFromJS } from "../nix/js-value.ts";
import { optionTypeBlocks } from "./option-types-emitter.ts";
import { GROUP_DIR, optionTypeFiles, type OptionTypeFiles } from "./option-type-files.ts";

/** Where the generated root file lives. */
export const OPTION_TYPES_FILE = new URL("./options.generated.ts", import.meta.url);
/** Where the generated group files live (nothing else is in it). */
export const OPTION_GROUPS_DIR = new URL(`./${GROUP_DIR}/`, import.meta.url);

export function renderSystemOptionTypes(): OptionTypeFiles {
  // The home-manager module is imported by configurations that use it, so its options are typed too.
  const { options } = evalModules({ modules: [...systemModules, lazyFromJS(homeManagerModule)] });
  return optionTypeFiles(
    optionTypeBlocks([
      {
        name: "SystemConfig",
        prefix: "System",
        options,
        doc: "The system configuration: every option a system module declares. Each is optional and may be given as a definition (`mkIf`, `mkForce`, …).",
      },
    ]),
  );
}
