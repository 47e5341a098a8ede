/**
 * The systemd option modules: unit kinds, raw units, packages' units,
 * generators, masks, tmpfiles and the built-in
 * system-manager.target. Their values are turned into unit files by
 * src/build/systemd/units-spec.ts.
 */
import { lazyFromJS } from "../../../nix/js-value.ts";
import type { Lazy } from "../../../nix/value.ts";
import { maskedUnitsModule } from "./masked-units.ts";
import { mountsModule } from "./mounts.ts";
import { pathsModule } from "./paths.ts";
import { servicesModule } from "./services.ts";
import { slicesModule } from "./slices.ts";
import { socketsModule } from "./sockets.ts";
import { systemManagerTargetModule } from "./system-manager-target.ts";
import { systemdExtrasModule } from "./systemd-extras.ts";
import { targetsModule } from "./targets.ts";
import { timersModule } from "./timers.ts";
import { tmpfilesModule } from "./tmpfiles.ts";
import { unitsModule } from "./units.ts";
import { derivedUnitsModule } from "./derived-units.ts";

export const systemdModules: Lazy[] = [
  servicesModule,
  timersModule,
  targetsModule,
  socketsModule,
  pathsModule,
  mountsModule,
  slicesModule,
  unitsModule,
  derivedUnitsModule,
  systemdExtrasModule,
  maskedUnitsModule,
  tmpfilesModule,
  systemManagerTargetModule,
].map(lazyFromJS);
