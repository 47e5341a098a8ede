/**
 * A flake's `inputs` as Nix's parseFlakeInputs reads them: per input a
 * reference (`url`, or `type` with its attributes), `flake` (default
 * true), `follows` ("a/b", an input path), and `inputs.<n>` overrides of
 * its own inputs (which may nest). An input with neither reference nor
 * follows is the indirect `flake:<name>`, and so is every formal of
 * `outputs` not declared (but `self`). Indirect references resolve
 * through our registry of three names.
 */
import { UserError } from "../diagnostics/user-error.ts";
import { force, isString, NixAttrs, NixFunction, NixPath, stringText, type Value } from "../nix/value.ts";
import { parseFlakeRef, type FlakeRef } from "../nix/flake-ref/flake-ref.ts";
import { refFromAttrs } from "../nix/flake-ref/flake-ref-attrs.ts";
import type { InputPath } from "./lock/lock-file.ts";

export interface FlakeInput {
  /** Undefined for an override that only names nested overrides. */
  readonly ref?: FlakeRef;
  readonly isFlake: boolean;
  readonly follows?: InputPath;
  readonly overrides: ReadonlyMap<string, FlakeInput>;
}

export const REGISTRY: Readonly<Record<string, { owner: string; repo: string }>> = {
  nixpkgs: { owner: "nixos", repo: "nixpkgs" },
  "home-manager": { owner: "nix-community", repo: "home-manager" },
  "system-manager": { owner: "numtide", repo: "system-manager" },
};

/** A direct reference for `ref`: an indirect one looked up in the registry (its ref, rev and dir carried over). */
export function resolveIndirect(ref: FlakeRef): FlakeRef {
  if (ref.type !== "indirect") return ref;
  const hit = REGISTRY[ref.id];
  if (hit === undefined) throw new UserError(`cannot find flake 'flake:${ref.id}' in the flake registries: system-manager's registry knows only nixpkgs, system-manager and home-manager`);
  return { type: "github", ...hit, ...(ref.ref !== undefined ? { ref: ref.ref } : {}), ...(ref.rev !== undefined ? { rev: ref.rev } : {}), ...(ref.dir !== undefined ? { dir: ref.dir } : {}) };
}

function text(v: Value, what: string): string {
  if (!isString(v)) throw new UserError(`expected a string but found ${typeof v} for ${what}`);
  return stringText(v);
}

function parseInput(name: string, spec: Value, where: string, top: boolean): FlakeInput {
  if (!(spec instanceof NixAttrs)) throw new UserError(`flake input '${name}' ${where}must be an attribute set`);
  let url: string | undefined;
  let follows: InputPath | undefined;
  let isFlake = true;
  const overrides = new Map<string, FlakeInput>();
  const attrs: Record<string, string | number | boolean> = {};
  for (const key of spec.keys()) {
    const v = force(spec.lazy(key) as Value);
    switch (key) {
      case "url":
        url = v instanceof NixPath ? `path:${v.path}` : text(v, `inputs.${name}.url`);
        break;
      case "flake":
        if (typeof v !== "boolean") throw new UserError(`flake input '${name}': attribute 'flake' must be a Boolean`);
        isFlake = v;
        break;
      case "follows":
        follows = text(v, `inputs.${name}.follows`).split("/").filter((p) => p !== "");
        break;
      case "inputs":
        if (!(v instanceof NixAttrs)) throw new UserError(`flake input '${name}': attribute 'inputs' must be an attribute set`);
        for (const sub of v.keys()) overrides.set(sub, parseInput(sub, v.get(sub) as Value, `(in the overrides of '${name}') `, false));
        break;
      default:
        if (typeof v === "bigint") attrs[key] = Number(v);
        else if (typeof v === "boolean") attrs[key] = v;
        else if (isString(v)) attrs[key] = stringText(v);
        else throw new UserError(`flake input attribute '${key}' of input '${name}' must be a string, integer or Boolean`);
    }
  }
  let ref: FlakeRef | undefined;
  if (url !== undefined) {
    const extra = Object.keys(attrs);
    if (extra.length > 0) throw new UserError(`unexpected flake input attribute '${extra[0]}'`);
    ref = parseFlakeRef(url);
  } else if (Object.keys(attrs).length > 0) {
    if (attrs.type === undefined) throw new UserError(`unexpected flake input attribute '${Object.keys(attrs)[0]}'`);
    ref = refFromAttrs(attrs, `flake input '${name}'`);
  }
  if (ref !== undefined && follows !== undefined) throw new UserError(`flake input '${name}' has both a flake reference and a follows attribute`);
  if (top && ref === undefined && follows === undefined) ref = { type: "indirect", id: name };
  return { ...(ref !== undefined ? { ref } : {}), ...(follows !== undefined ? { follows } : {}), isFlake, overrides };
}

/** The inputs of a flake (its `inputs` set and the undeclared formals of `outputs`). */
export function flakeInputs(inputs: Value | undefined, outputs: NixFunction): Map<string, FlakeInput> {
  const out = new Map<string, FlakeInput>();
  if (inputs !== undefined) {
    if (!(inputs instanceof NixAttrs)) throw new UserError("the flake's 'inputs' must be an attribute set");
    for (const name of inputs.keys()) {
      if (name === "self") continue;
      out.set(name, parseInput(name, inputs.get(name) as Value, "", true));
    }
  }
  for (const name of outputs.formals?.names.keys() ?? []) {
    if (name !== "self" && !out.has(name)) out.set(name, { ref: { type: "indirect", id: name }, isFlake: true, overrides: new Map() });
  }
  return out;
}
