/**
 * `lib` with TypeScript types: the very functions and type values the
 * module system gives modules as `lib` (jsLib), typed so that a
 * definition's content is checked against the option it is given to.
 * Nothing here wraps jsLib at run time, so `lib.types.str` from the
 * package and from the module arguments are the same value.
 */
import { jsLib, type JsOptionArgs } from "../module-system/js-lib.ts";
import type { Def, Definition } from "./option-values.ts";

declare const optionDeclaration: unique symbol;

/** An option declaration made by `mkOption`, `mkEnableOption` or `mkPackageOption`. */
export interface OptionDeclaration {
  readonly [optionDeclaration]: true;
}

/** A condition: a boolean, or a function computing it when the module system needs it (so it may read `config`). */
export type Condition = boolean | (() => boolean);

/** A literal shown in documentation instead of a value (`literalExpression`, `literalMD`). */
export interface DocLiteral {
  readonly _type: "literalExpression" | "literalMD";
  readonly text: string;
}

export interface Lib {
  /** Option types (`types.str`, `types.listOf(types.int)`, `types.submodule({ options: … })`, …). */
  readonly types: typeof jsLib.types;
  /**
   * Defines `content` only when `condition` holds. Pass a function to read
   * `config`: `mkIf(() => config.services.foo.enable, { … })`.
   */
  mkIf<T>(condition: Condition, content: NoInfer<Def<T>>): Definition<T>;
  /** Several definitions of the same option, merged as if given by separate modules. */
  mkMerge<T>(contents: readonly NoInfer<Def<T>>[]): Definition<T>;
  /** A definition with an explicit priority (lower wins; plain definitions have 100). */
  mkOverride<T>(priority: number, content: NoInfer<Def<T>>): Definition<T>;
  /** A definition that wins over plain ones (priority 50). */
  mkForce<T>(content: NoInfer<Def<T>>): Definition<T>;
  /** A definition that plain ones override (priority 1000). */
  mkDefault<T>(content: NoInfer<Def<T>>): Definition<T>;
  /** The priority of an option's own default (1500). */
  mkOptionDefault<T>(content: NoInfer<Def<T>>): Definition<T>;
  /** Orders a list or lines definition among the others (lower comes first; plain ones have 1000). */
  mkOrder<T>(priority: number, content: NoInfer<Def<T>>): Definition<T>;
  /** Puts a list or lines definition before the plain ones. */
  mkBefore<T>(content: NoInfer<Def<T>>): Definition<T>;
  /** Puts a list or lines definition after the plain ones. */
  mkAfter<T>(content: NoInfer<Def<T>>): Definition<T>;
  /**
   * Delays a value until the module system needs it, so it may read
   * `config`: `home: lazy(() => config.users.defaultUserHome + "/alice")`.
   */
  lazy<T>(fn: () => NoInfer<Def<T>>): Definition<T>;
  /** Declares an option: `mkOption({ type: types.str, default: "", description: "…" })`. */
  mkOption(args: JsOptionArgs): OptionDeclaration;
  /** A boolean option defaulting to false, described as "Whether to enable <name>." */
  mkEnableOption(name: string): OptionDeclaration;
  /** A package option defaulting to `pkgs.<name>` (or `pkgs.<opts.default>`). */
  mkPackageOption(pkgs: unknown, name: string, opts?: { default?: string; nullable?: boolean; extraDescription?: string }): OptionDeclaration;
  literalExpression(text: string): DocLiteral;
  literalMD(text: string): DocLiteral;
}

/** The module system's `lib`, typed. The same object modules receive as their `lib` argument. */
export const lib: Lib = jsLib as unknown as Lib;
