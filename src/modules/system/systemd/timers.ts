/**
 * `systemd.timers.<name>`: timer units, plus the timers that
 * `systemd.services.<name>.startAt` asks for (`<name>.timer`, wanted by
 * `timers.target`, `OnCalendar=` the calendar events), as NixOS makes them.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { commonUnitModule, unitNameModule, T } from "./unit-options.ts";

const { mkOption, types } = lib;

const timerModule = {
  options: {
    timerConfig: mkOption({ type: T.section, default: {}, example: { OnCalendar: "Sun 14:00:00", Unit: "foo.service" }, description: "Settings of the `[Timer]` section." }),
  },
};

interface Services {
  systemd: { services: Record<string, { enable: boolean; startAt: string | string[] }> };
}

function startAtTimers(services: Services["systemd"]["services"]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(services)) {
    const s = services[name] as { enable: boolean; startAt: string | string[] };
    const when = s.startAt;
    if (!s.enable || when.length === 0) continue;
    out[name] = { wantedBy: ["timers.target"], timerConfig: { OnCalendar: when } };
  }
  return out;
}

export const timersModule = ({ config }: { config: Services }) => ({
  _file: "system-manager/modules/systemd/timers.ts",
  options: {
    systemd: {
      timers: mkOption({
        type: types.attrsOf(types.submodule([commonUnitModule, timerModule, unitNameModule("timer")])),
        default: {},
        description: "systemd timer units, by name without the `.timer` suffix.",
      }),
    },
  },
  config: { systemd: { timers: lib.lazy(() => startAtTimers(config.systemd.services)) } },
});
