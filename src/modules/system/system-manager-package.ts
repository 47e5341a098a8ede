/**
 * The modules' `system-manager` argument, as system-manager's lib.nix
 * passes it (`_module.args.system-manager`): this system-manager as a
 * package (a store path with bin/system-manager: build/cli-package.ts),
 * which system.autoUpgrade runs and a configuration may install with
 * `environment.systemPackages = [ system-manager ];`.
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";
import { cliPackageValue } from "../../build/cli-package-value.ts";
import { hostSystem } from "../../cli/host.ts";

// A function: each evaluation makes its own value, whose outPath is read in that evaluation's build (cli-package-value.ts).
export const systemManagerPackageModule = () => ({
  _file: "system-manager/modules/system-manager-package.ts",
  config: { _module: { args: { "system-manager": lib.lazy(() => cliPackageValue(hostSystem(), hostSystem())) } } },
});
