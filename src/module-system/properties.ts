/**
 * Definition properties: mkIf, mkMerge, mkOverride (and its named
 * priorities), mkOrder (mkBefore/mkAfter). Each is an attribute set tagged
 * with `_type`, exactly as in nixpkgs, so Nix and TypeScript modules build
 * the same values. The module system interprets them (push-down.ts, merge-definitions.ts).
 */
import { NixAttrs, type Lazy } from "../nix/value.ts";

export const defaultOverridePriority = 100;
export const mkOptionDefaultPriority = 1500;
export const defaultOrderPriority = 1000;

function tagged(type: string, fields: Record<string, Lazy>): NixAttrs {
  return NixAttrs.from({ _type: type, ...fields });
}

export function mkIf(condition: Lazy, content: Lazy): NixAttrs {
  return tagged("if", { condition, content });
}

export function mkMerge(contents: Lazy): NixAttrs {
  return tagged("merge", { contents });
}

export function mkOverride(priority: number, content: Lazy): NixAttrs {
  return tagged("override", { priority: BigInt(priority), content });
}

export function mkOrder(priority: number, content: Lazy): NixAttrs {
  return tagged("order", { priority: BigInt(priority), content });
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
  return tagged("definition", { file, value });
}
