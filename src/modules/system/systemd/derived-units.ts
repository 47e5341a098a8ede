/**
 * `systemd.units` as NixOS fills it: every unit of `systemd.services`,
 * `sockets`, `timers`, `paths`, `targets` and `slices` also appears there
 * under its full name, with its rendered text and install options, so a
 * configuration reading `config.systemd.units."foo.service".text` gets
 * what is written (src/build/systemd/render-unit.ts renders both). A text
 * the configuration gives itself for such a name conflicts with it, as on
 * NixOS. The build takes these units from their kinds, and from here only
 * install options a configuration adds (src/build/systemd/derived-units.ts).
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { renderUnit, type UnitDef, type UnitKind } from "../../../build/systemd/render-unit.ts";
import { mapTarget } from "../../../build/systemd/units-spec.ts";
import { DERIVED_KINDS } from "../../../build/systemd/derived-units.ts";

interface KindUnit extends UnitDef {
  enable: boolean;
  wantedBy: string[];
  requiredBy: string[];
  upheldBy: string[];
  aliases: string[];
}

type Cfg = { systemd: Record<string, Record<string, KindUnit>> & { globalEnvironment: Record<string, unknown> } };

function derived(config: Cfg): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kind of DERIVED_KINDS) {
    const defs = config.systemd[`${kind}s`] ?? {};
    for (const attr of Object.keys(defs)) {
      const name = `${attr}.${kind}`;
      const def = () => defs[attr] as KindUnit;
      out[name] = {
        enable: lib.lazy(() => def().enable),
        wantedBy: lib.lazy(() => def().wantedBy),
        requiredBy: lib.lazy(() => def().requiredBy),
        upheldBy: lib.lazy(() => def().upheldBy),
        aliases: lib.lazy(() => def().aliases),
        text: lib.lazy(() => renderUnit(name, kind as UnitKind, { ...def(), wantedBy: [...new Set(def().wantedBy.map(mapTarget))] }, config.systemd.globalEnvironment)),
      };
    }
  }
  return out;
}

export const derivedUnitsModule = ({ config }: { config: Cfg }) => ({
  _file: "system-manager/modules/systemd/derived-units.ts",
  config: { systemd: { units: lib.lazy(() => derived(config)) } },
});
