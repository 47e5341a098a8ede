/**
 * The types of option values as TypeScript configs write them (`Def<T>`:
 * a plain value or a definition made by mkIf, mkMerge, mkOverride, mkOrder
 * or lazy) and read them (`Resolved<T>`: what `config` holds once every
 * definition is merged). These are types only: at run time a Definition
 * is the tagged Nix attribute set the module system interprets.
 */
import type { ModuleArgs } from "./module-types.ts";

declare const definitionOf: unique symbol;

/**
 * An opaque definition whose content has type T, made by `mkIf`, `mkMerge`,
 * `mkOverride`, `mkForce`, `mkDefault`, `mkBefore`, `mkAfter`, `mkOrder` or
 * `lazy`. Its content is checked against the option it is given to; a
 * definition made outside such a context is `Definition<unknown>`, which
 * any option accepts.
 */
export interface Definition<T> {
  readonly [definitionOf]: (value: T) => void;
}

/** What an option of value type T accepts: the value itself, or a definition of it. */
export type Def<T> = T | Definition<T>;

/**
 * A package, as found in `pkgs`: a derivation whose `outPath` is its store
 * path. It has one output: `out` is the package itself (`${pkgs.iputils.out}`).
 */
export interface Package {
  readonly type: "derivation";
  readonly name: string;
  readonly outPath: string;
  readonly meta?: { readonly mainProgram?: string };
  readonly out?: Package;
  readonly outputName?: string;
  readonly outputs?: readonly string[];
  readonly all?: readonly Package[];
  readonly [attr: string]: unknown;
}

/**
 * A submodule definition written as a function of the submodule's
 * arguments (`name` is the attribute name under `attrsOf`), as in Nix's
 * `users.alice = { name, ... }: { … }`. Read `config` lazily here too.
 */
export type SubmoduleFunction<T> = (args: ModuleArgs<T>) => Def<T>;

/** What a submodule option accepts: its options as an object, or a function returning them. */
export type Submodule<T> = T | SubmoduleFunction<T>;

/**
 * What modules may define for options whose merged values have type T:
 * every attribute optional, any value a definition. `defineConfig<Extra>`
 * uses it for the options a configuration declares itself, so `Extra` is
 * written as the values `config` will hold.
 */
export type DefinitionsOf<T> =
  T extends readonly (infer E)[]
    ? readonly Def<DefinitionsOf<E>>[]
    : T extends (...args: never[]) => unknown
      ? T
      : T extends Package
        ? T
        : T extends object
          ? { [K in keyof T]?: Def<DefinitionsOf<T[K]>> }
          : T;

/**
 * The value of an option once merged, as `config` shows it: definitions
 * are unwrapped, submodules are their resolved options, every option is
 * present (an option without a value throws when read) and read-only.
 */
export type Resolved<T> =
  T extends Definition<infer U>
    ? Resolved<U>
    : T extends readonly (infer E)[]
      ? readonly Resolved<E>[]
      : T extends (args: ModuleArgs<infer S>) => unknown
        ? Resolved<S>
        : T extends (...args: never[]) => unknown
          ? T
          : T extends Package
            ? T
            : T extends object
              ? { readonly [K in keyof T]-?: Resolved<Exclude<T[K], undefined>> }
              : T;
