/**
 * `defineConfig`: the identity function that gives a TypeScript
 * configuration its type, so an editor completes and checks option names
 * against the generated option interfaces.
 */
import type { Config } from "./module-types.ts";
import type { SystemHomeManagerUsers as HomeConfig } from "./options.generated.ts";

/**
 * Types a configuration and returns it unchanged. Its modules are objects
 * or functions of the module arguments; read `config` only lazily (in a
 * getter, `mkIf(() => …)` or `lazy(() => …)`).
 *
 * A configuration whose modules declare options of their own is typed
 * with `satisfies ConfigWith<Extra>` instead (see ConfigWith).
 *
 * @example
 * export default defineConfig({
 *   modules: [
 *     { nixpkgs: { hostPlatform: "x86_64-linux" }, services: { userborn: { enable: true } } },
 *     ({ config, lib }) => ({
 *       nix: { enable: lib.mkIf(() => config.services.userborn.enable, true) },
 *     }),
 *   ],
 * });
 */
export function defineConfig(config: Config): Config {
  return config;
}

/**
 * Types a standalone home-manager configuration (`home-manager switch
 * --config FILE.ts`): modules of home options (`home.*`, `programs.*`,
 * `xdg.*`, …), as `home-manager.users.<name>` takes them.
 */
export function defineHomeConfig(config: Config<HomeConfig>): Config<HomeConfig> {
  return config;
}
