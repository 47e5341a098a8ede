/**
 * Loads a flake offline, as Nix's call-flake does: `flake.nix` must be a
 * set with only description, inputs, outputs and nixConfig; inputs resolve
 * to our built-in stand-ins (nixpkgs, system-manager, home-manager; any
 * ref), to local `path:` flakes, or through `follows`; anything else is a
 * clear "cannot fetch" error. `outputs` is called with the inputs and
 * `self` (the flake's own result, a fixpoint). A flake.lock is not needed.
 * Each flake's directory (and a non-flake path: input's) is allowed to
 * pure evaluation's file access as it is loaded.
 */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { EvalError } from "../nix/errors.ts";
import type { Evaluator } from "../nix/eval/evaluator.ts";
import type { PathAccess } from "../nix/path-access.ts";
import { force, isString, NixAttrs, NixFunction, stringText, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { parseFlakeRef, showFlakeRef } from "./flake-ref.ts";
import { isNixpkgsTree, nixpkgsFromTree } from "./nixpkgs-input.ts";
import type { TreeOverlay } from "./tree-overlay.ts";
import { standInFor, standInValue, type StandInContext } from "./builtin-inputs.ts";

const TOP = new Set(["description", "inputs", "outputs", "nixConfig"]);
const REGISTRY: Readonly<Record<string, string>> = {
  nixpkgs: "github:nixos/nixpkgs",
  "home-manager": "github:nix-community/home-manager",
  "system-manager": "github:numtide/system-manager",
};

export interface FlakeContext extends StandInContext {
  readonly evaluator: Evaluator;
  readonly warn: (message: string) => void;
  /** Pure evaluation's allowed trees, to which each loaded flake's directory is added. */
  readonly access?: PathAccess;
  /** Files and imports a nixpkgs tree input serves (nixpkgs-input.ts). */
  readonly overlay?: TreeOverlay;
}

function str(v: Value | undefined, what: string): string | undefined {
  if (v === undefined) return undefined;
  if (!isString(v)) throw new EvalError(`expected a string but found ${typeof v} for ${what}`);
  return stringText(v);
}

export function loadFlake(dir: string, ctx: FlakeContext, root?: { inputs: () => NixAttrs }): NixAttrs {
  const abs = resolve(dir);
  const file = join(abs, "flake.nix");
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new UserError(`path '${abs}' does not exist or is not a directory`);
  if (!existsSync(file)) throw new UserError(`path '${file}' does not exist`);
  ctx.access?.allow(abs);
  const top = force(ctx.evaluator.importPath(file));
  if (!(top instanceof NixAttrs)) throw new UserError(`file '${file}' must be an attribute set`);
  for (const k of top.keys()) {
    if (!TOP.has(k)) throw new UserError(`flake '${abs}' has an unsupported attribute '${k}'`, top.pos?.get(k));
  }
  if (top.has("nixConfig")) ctx.warn(`ignoring the flake's nixConfig (${abs}): system-manager does not run Nix builds`);
  const outputsFn = top.get("outputs");
  if (outputsFn === undefined) throw new UserError(`flake '${abs}' lacks attribute 'outputs'`);
  if (!(outputsFn instanceof NixFunction)) throw new UserError(`the 'outputs' of flake '${abs}' must be a function`, top.pos?.get("outputs"));

  const specs = (top.get("inputs") ?? NixAttrs.empty) as NixAttrs;
  const names = new Set([...specs.keys(), ...[...(outputsFn.formals?.names.keys() ?? [])].filter((n) => n !== "self")]);
  let inputs: NixAttrs;
  const rootInputs = root ?? { inputs: () => inputs };
  const map = new Map<string, Lazy>();
  for (const name of names) map.set(name, new Thunk(() => resolveInput(name, specs.get(name), abs, ctx, rootInputs), `input '${name}'`));
  inputs = new NixAttrs(map);

  let result: NixAttrs | undefined;
  const self = new Thunk(() => result as NixAttrs, "self");
  const outputs = new Thunk(() => {
    const v = force(outputsFn.call(inputs.update(NixAttrs.from({ self }))));
    if (!(v instanceof NixAttrs)) throw new UserError(`the outputs of flake '${abs}' must be an attribute set`);
    return v;
  }, "outputs");
  const sourceInfo = NixAttrs.from({ outPath: abs, lastModified: 0n });
  result = new NixAttrs(
    new Map<string, Lazy>([
      ["outPath", abs],
      ["_type", "flake"],
      ["inputs", inputs],
      ["outputs", outputs],
      ["sourceInfo", sourceInfo],
    ]),
  );
  const outputsValue = force(outputs) as NixAttrs;
  result = outputsValue.update(result);
  return result;
}

function resolveInput(name: string, spec: Value | undefined, dir: string, ctx: FlakeContext, root: { inputs: () => NixAttrs }): Value {
  if (spec === undefined) {
    const registry = REGISTRY[name];
    if (registry === undefined) throw new UserError(`cannot find flake 'flake:${name}' in the flake registries: system-manager works offline and knows only nixpkgs, system-manager and home-manager`);
    spec = NixAttrs.from({ url: registry });
  }
  if (!(spec instanceof NixAttrs)) throw new UserError(`flake input '${name}' must be an attribute set`);
  const follows = str(spec.get("follows"), `inputs.${name}.follows`);
  if (follows !== undefined) {
    if (spec.has("url")) throw new UserError(`flake input '${name}' has both a flake reference and a follows attribute`);
    // A follows path names inputs from the root flake: "a/b" is the root's input a's input b.
    const parts = follows.split("/").filter((p) => p !== "");
    let v: Value | undefined = parts.length === 0 ? undefined : root.inputs().get(parts[0] as string);
    for (const part of parts.slice(1)) {
      const ins: Value | undefined = v instanceof NixAttrs ? v.get("inputs") : undefined;
      v = ins instanceof NixAttrs ? ins.get(part) : undefined;
    }
    if (v === undefined) throw new UserError(`input '${name}' follows a non-existent input '${follows}'`);
    return v;
  }
  const url = str(spec.get("url"), `inputs.${name}.url`);
  const type = str(spec.get("type"), `inputs.${name}.type`);
  const ref = parseFlakeRef(url ?? (type === "github" ? `github:${str(spec.get("owner"), "owner")}/${str(spec.get("repo"), "repo")}` : `${type}:`));
  const stand = standInFor(ref);
  if (stand !== undefined) return standInValue(stand, ctx);
  if (ref.type === "path") {
    if (spec.get("flake") === false) {
      ctx.access?.allow(resolve(dir, ref.path));
      return NixAttrs.from({ outPath: resolve(dir, ref.path), _type: "flake" });
    }
    if (isNixpkgsTree(resolve(dir, ref.path))) return nixpkgsFromTree(resolve(dir, ref.path), ctx);
    return loadFlake(resolve(dir, ref.path), ctx, root);
  }
  throw new UserError(`cannot fetch input '${name}' (${showFlakeRef(ref)}) offline: system-manager resolves nixpkgs, system-manager and home-manager itself and loads path: inputs from disk`);
}
