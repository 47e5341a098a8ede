/**
 * Switching systemd units in a guest the way `switch` will: plan with
 * planServices from what runs, stop, put the unit files in place, then
 * daemon-reload and start, through the real SystemctlServiceManager whose
 * commands run inside the guest. The files are laid out as a generation
 * will have them: in a store path, with a link in /etc/systemd/system to
 * each leaf (what the /etc planner makes of UNITS_ETC_ENTRY), so masks are
 * link chains ending at /dev/null, and an alias is a link to its unit's
 * name. This checks the rendering, the layout, the planner and the service
 * manager against a real systemd.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { unitInfos } from "../../src/build/systemd/unit-info.ts";
import type { UnitsSpec } from "../../src/build/systemd/units-spec.ts";
import type { UnitInfo } from "../../src/build/systemd/unit-info.ts";
import { planServices, unitsToObserve, type ServicesPlan } from "../../src/activate/services/plan-services.ts";
import { startUnits, stopUnits, type ServiceFailure } from "../../src/activate/services/run-services-plan.ts";
import { activeUnits } from "../../src/activate/services/service-manager.ts";
import { SystemctlServiceManager } from "../../src/activate/services/systemctl-service-manager.ts";
import type { Container } from "./container.ts";

export function guestServiceManager(c: Container): SystemctlServiceManager {
  return new SystemctlServiceManager({ root: "/", exists: () => true, run: (argv, opts) => c.runArgv(argv, opts) });
}


let generation = 0;

function install(c: Container, prev: UnitsSpec | undefined, next: UnitsSpec): void {
  const store = `/var/lib/system-manager/store/${String(++generation).padStart(32, "0")}-system-manager`;
  for (const rel of prev?.files.keys() ?? []) if (!next.files.has(rel)) rmSync(c.hostPath(rel), { force: true });
  for (const [rel, e] of next.files) {
    const inStore = c.hostPath(`${store}/${rel}`);
    mkdirSync(dirname(inStore), { recursive: true });
    if (e.kind === "symlink") symlinkSync(e.target, inStore);
    else writeFileSync(inStore, e.content, { mode: e.executable ? 0o555 : 0o444 });
    const link = c.hostPath(rel);
    mkdirSync(dirname(link), { recursive: true });
    rmSync(link, { force: true });
    // An alias (a link to a sibling unit) stays one, as the /etc planner keeps it.
    symlinkSync(e.kind === "symlink" && !e.target.includes("/") ? e.target : `${store}/${rel}`, link);
  }
}

export async function switchUnits(c: Container, prev: UnitsSpec | undefined, next: UnitsSpec): Promise<{ plan: ServicesPlan; failures: ServiceFailure[] }> {
  const sm = guestServiceManager(c);
  const old = unitInfos(prev?.units ?? {});
  const now = unitInfos(next.units);
  const plan = planServices(old, now, await activeUnits(sm, unitsToObserve(old, now)));
  const failures = await stopUnits(sm, plan);
  install(c, prev, next);
  const units = Object.keys(now).filter((n) => !(now[n] as UnitInfo).masked);
  failures.push(...(await startUnits(sm, plan, { units })));
  return { plan, failures };
}
