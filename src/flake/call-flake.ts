/**
 * Nix's call-flake for one flake: `outputs` is called with the inputs and
 * `self`, a fixpoint: `outputs // sourceInfo // { outPath, inputs,
 * outputs, sourceInfo, _type = "flake"; }`. A non-flake input is its
 * `sourceInfo // { sourceInfo; outPath; }`.
 */
import { UserError } from "../diagnostics/user-error.ts";
import { force, NixAttrs, Thunk, type Lazy } from "../nix/value.ts";
import type { FlakeFile } from "./flake-file.ts";

export function callFlake(flake: FlakeFile, sourceInfo: NixAttrs, outPath: string, inputs: NixAttrs): NixAttrs {
  let result: NixAttrs | undefined;
  const self = new Thunk(() => result as NixAttrs, "self");
  const outputs = new Thunk(() => {
    const v = force(flake.outputs.call(inputs.update(NixAttrs.from({ self }))));
    if (!(v instanceof NixAttrs)) throw new UserError(`the outputs of flake '${flake.dir}' must be an attribute set`);
    return v;
  }, "outputs");
  result = sourceInfo.update(
    new NixAttrs(
      new Map<string, Lazy>([
        ["outPath", outPath],
        ["_type", "flake"],
        ["inputs", inputs],
        ["outputs", outputs],
        ["sourceInfo", sourceInfo],
      ]),
    ),
  );
  result = (force(outputs) as NixAttrs).update(result);
  return result;
}

export function nonFlakeValue(sourceInfo: NixAttrs, outPath: string): NixAttrs {
  return sourceInfo.update(NixAttrs.from({ sourceInfo, outPath }));
}
