/**
 * The source of src/config/options.generated.ts: the system option
 * modules' option tree rendered as TypeScript interfaces. Used by
 * scripts/gen-option-types.ts to write the file and by a test to check
 * that the checked-in file is current.
 */
import { evalModules } from "../module-system/eval-modules.ts";
import { systemModules } from "../modules/system/index.ts";
import { homeManagerModule } from "../modules/system/home-manager.ts";
import { lazyFromJS } from "../nix/js-value.ts";
import { renderOptionTypes } from "./option-types-emitter.ts";

/** Where the generated file lives. */
export const OPTION_TYPES_FILE = new URL("./options.generated.ts", import.meta.url);

export function renderSystemOptionTypes(): string {
  // The home-manager module is imported by configurations that use it, so its options are typed too.
  const { options } = evalModules({ modules: [...systemModules, lazyFromJS(homeManagerModule)] });
  return renderOptionTypes([
    {
      name: "SystemConfig",
      prefix: "System",
      options,
      doc: "The system configuration: every option a system module declares. Each is optional and may be given as a definition (`mkIf`, `mkForce`, …).",
    },
  ]);
}
