/**
 * The shape of a TypeScript configuration and its modules, NixOS style: a
 * module is an object, or a function of the module arguments returning
 * one; the object either defines options directly (shorthand) or has
 * `imports`, `options` and `config`.
 *
 * Laziness: `config` is the final configuration, computed from every
 * module, so a module may read it only after all modules are known. Read
 * it inside a getter (`get config() { … }`), a condition function
 * (`mkIf(() => config.x.enable, …)`) or `lazy(() => …)`, never while the
 * module function itself runs.
 */
import type { OptionTypeAttrs } from "../module-system/types/option-type.ts";
import type { Lib, OptionDeclaration } from "./typed-lib.ts";
import type { Def, Definition, DefinitionsOf, Package, Resolved } from "./option-values.ts";
import type { SystemConfig } from "./options.generated.ts";

/** The package set: `pkgs.<attr>` names a package by its nixpkgs attribute. */
export interface Pkgs {
  readonly [attr: string]: Package;
}

/**
 * The arguments of a module function. Every one is lazy.
 *
 * @example
 * ({ config, lib, pkgs }) => ({
 *   environment: { systemPackages: lib.mkIf(() => config.nix.enable, [pkgs.git]) },
 * })
 */
export interface ModuleArgs<C = SystemConfig> {
  /**
   * The final configuration. Read it lazily: in a getter, `mkIf(() => …)`
   * or `lazy(() => …)`; reading it while the module function runs fails.
   */
  readonly config: Resolved<C>;
  /** The declared options, with their types, definitions and values. */
  readonly options: { readonly [name: string]: unknown };
  readonly lib: Lib;
  readonly pkgs: Pkgs;
  /** In a submodule under `attrsOf`, the attribute name (`alice` in `users.users.alice`). */
  readonly name: string;
  readonly [arg: string]: unknown;
}

/** Option declarations: mkOption results, nested in plain objects. */
export interface OptionDeclarations {
  readonly [name: string]: OptionDeclaration | OptionDeclarations;
}

/** Attributes any module object may have besides its definitions. */
export interface ModuleMeta<C> {
  /** More modules to include (objects or functions). */
  readonly imports?: readonly Module<C>[];
  /** The file named in error messages for this module's definitions. */
  readonly _file?: string;
  /** Identifies the module for deduplication and `disabledModules`. */
  readonly key?: string;
  readonly disabledModules?: readonly string[];
  readonly _class?: string;
  /** The type of definitions that match no declared option (a freeform module). */
  readonly freeformType?: OptionTypeAttrs;
}

/** A module in shorthand form: its attributes are definitions. */
export type ShorthandModule<C> = C & ModuleMeta<C> & { readonly options?: never; readonly config?: never };

/** A module in full form: declarations under `options`, definitions under `config`. */
export interface FullModule<C> extends ModuleMeta<C> {
  readonly options?: OptionDeclarations;
  /** The definitions; often a getter (`get config() { … }`) so it may read the module arguments' `config`. */
  readonly config?: Def<C>;
}

export type ModuleObject<C = SystemConfig> = ShorthandModule<C> | FullModule<C>;

/** A module written as a function of the module arguments (read `config` lazily). */
export type ModuleFunction<C = SystemConfig> = (args: ModuleArgs<C>) => ModuleObject<C>;

/** A module: an object, a function returning one, or a whole module made conditional (`mkIf(cond, { … })`). */
export type Module<C = SystemConfig> = ModuleObject<C> | ModuleFunction<C> | Definition<C>;

/** A configuration file's default export. */
export interface Config<C = SystemConfig> {
  /** The configuration's modules, evaluated together with the system option modules. */
  readonly modules: readonly Module<C>[];
}

/**
 * The type of a configuration whose modules declare options of their own,
 * `Extra` being the values those options hold in `config`. (A type
 * argument of defineConfig would be inferred while the configuration is
 * checked, and would weaken the checks; `satisfies` fixes it first.)
 *
 * @example
 * export default {
 *   modules: [
 *     { options: { motd: { text: mkOption({ type: types.str }) } } },
 *     { motd: { text: "hello" } },
 *   ],
 * } satisfies ConfigWith<{ motd: { text: string } }>;
 */
export type ConfigWith<Extra extends object> = Config<SystemConfig & DefinitionsOf<Extra>>;
