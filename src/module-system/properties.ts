/**
 * Definition properties: mkIf, mkMerge, mkOverride (and its named
 * priorities), mkOrder (mkBefore/mkAfter). Each is an attribute set tagged
 * with `_type`, exactly as in nixpkgs, so Nix and TypeScript modules build
 * the same values. The module system interprets them (push-down.ts, merge-definitions.ts).
 */
import { NixAttrs, type Lazy } from "../nix/value.ts";
import { Layout } from "../nix/attrs-layout.ts";

export const defaultOverridePriority = 100;
export const mkOptionDefaultPriority = 1500;
export const defaultOrderPriority = 1000;

// One layout per shape (names in Nix's order), shared by every property set: making one is an array of its values.
const IF = new Layout(["_type", "condition", "content"], undefined);
const MERGE = new Layout(["_type", "contents"], undefined);
const PRIORITISED = new Layout(["_type", "content", "priority"], undefined);
const DEFINITION = new Layout(["_type", "file", "value"], undefined);

export function mkIf(condition: Lazy, content: Lazy): NixAttrs {
  return NixAttrs.fromLayout(IF, ["if", condition, content]);
}

export function mkMerge(contents: Lazy): NixAttrs {
  return NixAttrs.fromLayout(MERGE, ["merge", contents]);
}

export function mkOverride(priority: number, content: Lazy): NixAttrs {
  return NixAttrs.fromLayout(PRIORITISED, ["override", content, BigInt(priority)]);
}

export function mkOrder(priority: number, content: Lazy): NixAttrs {
  return NixAttrs.fromLayout(PRIORITISED, ["order", content, BigInt(priority)]);
}

export const mkOptionDefault = (content: Lazy) => mkOverride(mkOptionDefaultPriority, content);
export const mkDefault = (content: Lazy) => mkOverride(1000, content);
export const mkImageMediaOverride = (content: Lazy) => mkOverride(60, content);
export const mkForce = (content: Lazy) => mkOverride(50, content);
export const mkVMOverride = (content: Lazy) => mkOverride(10, content);
export const mkBefore = (content: Lazy) => mkOrder(500, content);
export const mkAfter = (content: Lazy) => mkOrder(1500, content);

/** `mkDefinition { file; value; }`: a definition that names its own file (shown in messages instead of the module's). */
export function mkDefinition(file: Lazy, value: Lazy): NixAttrs {
  return NixAttrs.fromLayout(DEFINITION, ["definition", file, value]);
}
