/**
 * The `system-manager` package as TypeScript configurations import it:
 *
 *   import { defineConfig, mkIf, mkForce, types } from "system-manager";
 *
 * A configuration loaded by the CLI gets these very objects (the loader
 * maps the import to the running CLI's instance of this module), so
 * option types and definitions it makes are the ones the module system
 * knows.
 */
import { lib } from "./config/typed-lib.ts";
import { homeManagerModule } from "./modules/system/home-manager.ts";
import type { Module } from "./config/module-types.ts";
import type { SystemConfig } from "./config/options.generated.ts";

export { defineConfig, defineHomeConfig } from "./config/define-config.ts";
export type { SystemHomeManagerUsers as HomeConfig } from "./config/options.generated.ts";
export { lib } from "./config/typed-lib.ts";
/** home-manager's NixOS module (`home-manager.nixosModules.home-manager`): import it to use `home-manager.users`. */
export const homeManager = homeManagerModule as unknown as Module<SystemConfig>;

export const {
  types,
  mkIf,
  mkMerge,
  mkOverride,
  mkForce,
  mkDefault,
  mkOptionDefault,
  mkOrder,
  mkBefore,
  mkAfter,
  lazy,
  mkOption,
  mkEnableOption,
  mkPackageOption,
  literalExpression,
  literalMD,
} = lib;

export type { Condition, DocLiteral, Lib, OptionDeclaration } from "./config/typed-lib.ts";
export type { Def, Definition, DefinitionsOf, Package, Resolved, Submodule, SubmoduleFunction } from "./config/option-values.ts";
export type {
  Config,
  ConfigWith,
  FullModule,
  Module,
  ModuleArgs,
  ModuleFunction,
  ModuleMeta,
  ModuleObject,
  OptionDeclarations,
  Pkgs,
  ShorthandModule,
} from "./config/module-types.ts";
export type * from "./config/options.generated.ts";
