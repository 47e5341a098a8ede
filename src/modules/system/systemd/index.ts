/**
 * The systemd option modules: unit kinds, masks, tmpfiles and the built-in
 * system-manager.target. Their values are turned into unit files by
 * src/build/systemd/units-spec.ts.
 */
import { lazyFromJS } from "../../../nix/js-value.ts";
import type { Lazy } from "../../../nix/value.ts";
import { maskedUnitsModule } from "./masked-units.ts";
import { pathsModule } from "./paths.ts";
import { servicesModule } from "./services.ts";
import { socketsModule } from "./sockets.ts";
import { systemManagerTargetModule } from "./system-manager-target.ts";
import { targetsModule } from "./targets.ts";
import { timersModule } from "./timers.ts";
import { tmpfilesModule } from "./tmpfiles.ts";

export const systemdModules: Lazy[] = [
  servicesModule,
  timersModule,
  targetsModule,
  socketsModule,
  pathsModule,
  maskedUnitsModule,
  tmpfilesModule,
  systemManagerTargetModule,
].map(lazyFromJS);
