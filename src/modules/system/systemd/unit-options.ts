/**
 * The options every unit kind shares (NixOS's commonUnitOptions): its
 * dependencies, install targets, `unitConfig` and `restartTriggers`. As in
 * NixOS, the list options are folded into `unitConfig` (`After = "a b"`),
 * so what a unit file says is visible in `unitConfig`; `restartTriggers`
 * become an `X-Restart-Triggers` hash, so changing a trigger changes the
 * unit text and the unit is restarted.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { treeHash } from "../../../store/file-tree.ts";
import { unitOptionType } from "./unit-option-type.ts";
import { nixToString } from "../../../build/systemd/nix-to-string.ts";

/** Nix's `toString` (the service options use it too). */
export { nixToString };

const { mkOption, mkIf, types } = lib;

const UNIT_NAME = "[a-zA-Z0-9@%:_.\\\\-]+[.](service|socket|device|mount|automount|swap|target|path|timer|scope|slice)";

// Built once: every unit's submodule evaluation reuses them.
export const T = {
  unitName: types.strMatching(UNIT_NAME),
  unitNames: types.listOf(types.strMatching(UNIT_NAME)),
  section: types.attrsOf(unitOptionType),
  strs: types.listOf(types.str),
};

/** The value of `X-Restart-Triggers`: a hash of the triggers as text (NixOS writes them to a store file). */
export function restartTriggersHash(unit: string, triggers: readonly unknown[]): string {
  const content = Buffer.from(nixToString(triggers.flat(Infinity)));
  return treeHash(`X-Restart-Triggers-${unit}`, new Map([["", { kind: "file" as const, content, executable: false }]]));
}

interface UnitCfg {
  description: string;
  documentation: string[];
  requires: string[];
  wants: string[];
  after: string[];
  before: string[];
  bindsTo: string[];
  partOf: string[];
  conflicts: string[];
  onFailure: string[];
  restartTriggers: unknown[];
}

const deps = (description: string) => mkOption({ type: T.unitNames, default: [], description });

export const commonUnitModule = ({ name, config }: { name: string; config: UnitCfg }) => {
  const joined = (get: () => string[]) => mkIf(() => get().length > 0, lib.lazy(() => get().join(" ")));
  return {
    options: {
      enable: mkOption({ type: types.bool, default: true, description: "Whether this unit is installed; when false it is left out." }),
      description: mkOption({ type: types.singleLineStr, default: "", description: "Description of this unit (`Description=`)." }),
      documentation: mkOption({ type: T.strs, default: [], description: "Documentation URIs of this unit (`Documentation=`)." }),
      requires: deps("Units this unit requires: started with it, and it fails if they fail (`Requires=`)."),
      wants: deps("Units started along with this unit (`Wants=`)."),
      after: deps("Units this unit starts after (`After=`)."),
      before: deps("Units this unit starts before (`Before=`)."),
      bindsTo: deps("Like `requires`, and this unit also stops when they stop (`BindsTo=`)."),
      partOf: deps("Units whose stop or restart also stops or restarts this unit (`PartOf=`)."),
      conflicts: deps("Units stopped when this unit starts, and the other way round (`Conflicts=`)."),
      onFailure: deps("Units activated when this unit fails (`OnFailure=`)."),
      wantedBy: mkOption({
        type: T.unitNames,
        default: [],
        description: "Units that want this unit (a `.wants/` link); `multi-user.target` and `timers.target` mean `system-manager.target`.",
      }),
      requiredBy: mkOption({
        type: T.unitNames,
        default: [],
        description: "Units that require this unit (a `.requires/` link); `multi-user.target` and `timers.target` mean `system-manager.target`.",
      }),
      unitConfig: mkOption({ type: T.section, default: {}, example: { RequiresMountsFor: "/data" }, description: "Settings of the `[Unit]` section." }),
      restartTriggers: mkOption({
        type: types.listOf(types.unspecified),
        default: [],
        description: "Values whose change restarts this unit on switch (they are hashed into the unit as `X-Restart-Triggers`).",
      }),
    },
    config: {
      unitConfig: {
        Requires: joined(() => config.requires),
        Wants: joined(() => config.wants),
        After: joined(() => config.after),
        Before: joined(() => config.before),
        BindsTo: joined(() => config.bindsTo),
        PartOf: joined(() => config.partOf),
        Conflicts: joined(() => config.conflicts),
        OnFailure: joined(() => config.onFailure),
        Documentation: joined(() => config.documentation),
        Description: mkIf(() => config.description !== "", lib.lazy(() => config.description)),
        "X-Restart-Triggers": mkIf(() => config.restartTriggers.length > 0, lib.lazy(() => restartTriggersHash(name, config.restartTriggers))),
      },
    },
  };
};
