/**
 * The options every unit kind shares (NixOS's sharedOptions,
 * commonUnitOptions and stage2CommonUnitOptions): its name, dependencies,
 * install links (`wantedBy`, `requiredBy`, `upheldBy`, `aliases`),
 * `overrideStrategy`, `unitConfig` and the triggers. As in NixOS, the list
 * options are folded into `unitConfig` (`After = "a b"`), so what a unit
 * file says is visible in `unitConfig`; `restartTriggers` and
 * `reloadTriggers` become `X-Restart-Triggers`/`X-Reload-Triggers` hashes,
 * so changing a trigger changes the unit text: switching restarts the unit,
 * or reloads it when only its reload triggers changed.
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
  overrideStrategy: types.enum(["asDropinIfExists", "asDropin"]),
};

/** The value of `X-Restart-Triggers`/`X-Reload-Triggers`: a hash of the triggers as text (NixOS writes them to a store file). */
export function triggersHash(kind: "Restart" | "Reload", unit: string, triggers: readonly unknown[]): string {
  const content = Buffer.from(nixToString(triggers.flat(Infinity)));
  return treeHash(`X-${kind}-Triggers-${unit}`, new Map([["", { kind: "file" as const, content, executable: false }]]));
}

interface UnitCfg {
  description: string;
  documentation: string[];
  requires: string[];
  wants: string[];
  upholds: string[];
  after: string[];
  before: string[];
  bindsTo: string[];
  partOf: string[];
  conflicts: string[];
  requisite: string[];
  onFailure: string[];
  onSuccess: string[];
  propagatesReloadTo: string[];
  reloadPropagatedFrom: string[];
  startLimitBurst: number | null;
  startLimitIntervalSec: number | null;
  restartTriggers: unknown[];
  reloadTriggers: unknown[];
}

const deps = (description: string) => mkOption({ type: T.unitNames, default: [], description });

/** The options a raw `systemd.units.<name>` has too (NixOS's sharedOptions). */
export const sharedUnitOptions = () => ({
  enable: mkOption({ type: types.bool, default: true, description: "Whether this unit is installed; when false it is left out." }),
  overrideStrategy: mkOption({
    type: T.overrideStrategy,
    default: "asDropinIfExists",
    description:
      "How the unit is given to systemd: `asDropinIfExists` writes a unit file, or the drop-in `<unit>.d/overrides.conf` when a package of `systemd.packages` ships the unit; `asDropin` always writes the drop-in, so it extends a unit the host has (its file is never replaced) or instantiates a template.",
  }),
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
  upheldBy: mkOption({ type: T.unitNames, default: [], description: "Units that keep this unit running while they run (an `.upholds/` link): a continuous `wantedBy`." }),
  aliases: mkOption({ type: T.unitNames, default: [], description: "Other names of this unit: each is a link to it in /etc/systemd/system, as `Alias=` makes." }),
});

export const commonUnitModule = ({ name, config }: { name: string; config: UnitCfg }) => {
  const joined = (get: () => string[]) => mkIf(() => get().length > 0, lib.lazy(() => get().join(" ")));
  return {
    options: {
      ...sharedUnitOptions(),
      name: mkOption({ type: types.str, description: "The name of this unit, with its suffix (`foo.service`): how other units refer to it." }),
      description: mkOption({ type: types.singleLineStr, default: "", description: "Description of this unit (`Description=`)." }),
      documentation: mkOption({ type: T.strs, default: [], description: "Documentation URIs of this unit (`Documentation=`)." }),
      requires: deps("Units this unit requires: started with it, and it fails if they fail (`Requires=`)."),
      wants: deps("Units started along with this unit (`Wants=`)."),
      upholds: deps("Units kept running while this unit runs (`Upholds=`): a continuous `wants`."),
      after: deps("Units this unit starts after (`After=`)."),
      before: deps("Units this unit starts before (`Before=`)."),
      bindsTo: deps("Like `requires`, and this unit also stops when they stop (`BindsTo=`)."),
      partOf: deps("Units whose stop or restart also stops or restarts this unit (`PartOf=`)."),
      conflicts: deps("Units stopped when this unit starts, and the other way round (`Conflicts=`)."),
      requisite: deps("Like `requires`, but the units must already run: they are not started, and this unit fails to start without them (`Requisite=`)."),
      onFailure: deps("Units activated when this unit fails (`OnFailure=`)."),
      onSuccess: deps("Units activated when this unit finishes successfully (`OnSuccess=`)."),
      propagatesReloadTo: deps("Units reloaded whenever this unit is reloaded (`PropagatesReloadTo=`)."),
      reloadPropagatedFrom: deps("Units whose reload also reloads this unit (`ReloadPropagatedFrom=`)."),
      startLimitBurst: mkOption({ type: types.nullOr(types.int), default: null, description: "How many starts are allowed within `startLimitIntervalSec` (`StartLimitBurst=`); null leaves systemd's default." }),
      startLimitIntervalSec: mkOption({ type: types.nullOr(types.int), default: null, description: "The interval of start rate limiting, in seconds (`StartLimitIntervalSec=`); null leaves systemd's default." }),
      unitConfig: mkOption({ type: T.section, default: {}, example: { RequiresMountsFor: "/data" }, description: "Settings of the `[Unit]` section." }),
      restartTriggers: mkOption({
        type: types.listOf(types.unspecified),
        default: [],
        description: "Values whose change restarts this unit on switch (they are hashed into the unit as `X-Restart-Triggers`).",
      }),
      reloadTriggers: mkOption({
        type: types.listOf(unitOptionType),
        default: [],
        description: "Values whose change reloads this unit on switch (hashed into the unit as `X-Reload-Triggers`); a change to anything else in the unit still restarts it.",
      }),
    },
    config: {
      unitConfig: {
        Requires: joined(() => config.requires),
        Wants: joined(() => config.wants),
        Upholds: joined(() => config.upholds),
        After: joined(() => config.after),
        Before: joined(() => config.before),
        BindsTo: joined(() => config.bindsTo),
        PartOf: joined(() => config.partOf),
        Conflicts: joined(() => config.conflicts),
        Requisite: joined(() => config.requisite),
        OnFailure: joined(() => config.onFailure),
        OnSuccess: joined(() => config.onSuccess),
        PropagatesReloadTo: joined(() => config.propagatesReloadTo),
        ReloadPropagatedFrom: joined(() => config.reloadPropagatedFrom),
        Documentation: joined(() => config.documentation),
        Description: mkIf(() => config.description !== "", lib.lazy(() => config.description)),
        StartLimitIntervalSec: mkIf(() => config.startLimitIntervalSec !== null, lib.lazy(() => String(config.startLimitIntervalSec))),
        StartLimitBurst: mkIf(() => config.startLimitBurst !== null, lib.lazy(() => String(config.startLimitBurst))),
        "X-Restart-Triggers": mkIf(() => config.restartTriggers.length > 0, lib.lazy(() => triggersHash("Restart", name, config.restartTriggers))),
        "X-Reload-Triggers": mkIf(() => config.reloadTriggers.length > 0, lib.lazy(() => triggersHash("Reload", name, config.reloadTriggers))),
      },
    },
  };
};

/** Sets `name` to `<attribute>.<kind>`, as NixOS's serviceConfig, socketConfig, … do. */
export const unitNameModule = (kind: string) => ({ name }: { name: string }) => ({ config: { name: `${name}.${kind}` } });
