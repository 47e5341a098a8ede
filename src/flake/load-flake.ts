/**
 * Loads a flake without fetching (the in-process form tests and the fuzz
 * worker use; the CLI locks and fetches first, see locked-flake.ts):
 * inputs resolve to our built-in stand-ins (nixpkgs, system-manager,
 * home-manager; any ref), to local `path:` flakes read in place, or
 * through `follows` (input paths from the root flake); anything else is
 * a clear "cannot fetch" error. `self`'s source information is the
 * directory's (self-info.ts).
 */
import { resolve } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { showFlakeRef } from "../nix/flake-ref/show-flake-ref.ts";
import { standInFor, standInValue, type StandInContext } from "./builtin-inputs.ts";
import { readFlakeFile, type FlakeFileContext } from "./flake-file.ts";
import { flakeInputs, resolveIndirect, type FlakeInput } from "./flake-inputs.ts";
import { callFlake, nonFlakeValue } from "./call-flake.ts";
import { selfSourceInfo } from "./self-info.ts";
import { isNixpkgsTree, nixpkgsFromTree } from "./nixpkgs-input.ts";
import { withHomeDefaults } from "./home-manager-input.ts";
import type { TreeOverlay } from "./tree-overlay.ts";

export interface FlakeContext extends StandInContext, FlakeFileContext {
  /** Files and imports a nixpkgs tree input serves (nixpkgs-input.ts). */
  readonly overlay?: TreeOverlay;
}

export function loadFlake(dir: string, ctx: FlakeContext, root?: { inputs: () => NixAttrs }): NixAttrs {
  const flake = readFlakeFile(dir, ctx);
  const specs = flakeInputs(flake.top.get("inputs"), flake.outputs);
  let inputs: NixAttrs;
  const rootInputs = root ?? { inputs: () => inputs };
  const map = new Map<string, Lazy>();
  for (const [name, spec] of specs) map.set(name, new Thunk(() => resolveInput(name, spec, flake.dir, ctx, rootInputs), `input '${name}'`));
  inputs = new NixAttrs(map);
  return callFlake(flake, selfSourceInfo(flake.dir), flake.dir, inputs);
}

function resolveInput(name: string, spec: FlakeInput, dir: string, ctx: FlakeContext, root: { inputs: () => NixAttrs }): Value {
  if (spec.follows !== undefined) {
    let v: Value | undefined = spec.follows.length === 0 ? undefined : root.inputs().get(spec.follows[0] as string);
    for (const part of spec.follows.slice(1)) {
      const ins: Value | undefined = v instanceof NixAttrs ? v.get("inputs") : undefined;
      v = ins instanceof NixAttrs ? ins.get(part) : undefined;
    }
    if (v === undefined) throw new UserError(`input '${name}' follows a non-existent input '${spec.follows.join("/")}'`);
    return v;
  }
  const ref = resolveIndirect(spec.ref as NonNullable<FlakeInput["ref"]>);
  const stand = standInFor(ref);
  if (stand !== undefined) return standInValue(stand, ctx);
  if (ref.type === "path") {
    const path = resolve(dir, ref.path, ref.dir ?? "");
    if (!spec.isFlake) {
      ctx.access?.allow(path);
      return nonFlakeValue(selfSourceInfo(path), path);
    }
    if (isNixpkgsTree(path)) return nixpkgsFromTree(path, ctx);
    return withHomeDefaults(loadFlake(path, ctx, root));
  }
  throw new UserError(`cannot fetch input '${name}' (${showFlakeRef(ref)}) offline: this loader resolves only the built-in inputs and path: flakes; the command line locks and fetches the others`);
}
