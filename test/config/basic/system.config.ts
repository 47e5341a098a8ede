// A configuration with every kind of module: a shorthand object, a
// function reading `config` lazily, a full-form module declaring its own
// options (typed with ConfigWith), and a module imported from another
// file.
import { lib as packageLib, mkIf, mkOption, types, type ConfigWith } from "system-manager";
import { staffModule } from "./staff-module.ts";

interface Probe {
  probe: { sameLib: boolean; sameTypes: boolean; shell: string };
}

export default {
  modules: [
    { services: { userborn: { enable: true } } },
    ({ config, lib }) => ({
      options: {
        probe: {
          sameLib: mkOption({ type: types.bool, description: "Whether the module argument `lib` is the imported one." }),
          sameTypes: mkOption({ type: types.bool }),
          shell: mkOption({ type: types.str, default: "/bin/sh" }),
        },
      },
      config: {
        probe: { sameLib: lib === packageLib, sameTypes: lib.types.str === types.str },
        nix: { enable: mkIf(() => config.services.userborn.enable, true) },
      },
    }),
    staffModule,
  ],
} satisfies ConfigWith<Probe>;
