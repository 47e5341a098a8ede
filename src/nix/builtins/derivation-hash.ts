/**
 * Store derivations as Nix 2.8 writes them, so `drvPath` and `outPath`
 * match real Nix: the ATerm text (`Derive([outputs],[inputDrvs],[inputSrcs],
 * system,builder,[args],[env])`), `hashDerivationModulo` (input derivations
 * replaced by their own hashes, fixed outputs by their content hash), and
 * a registry of the derivations made in this evaluation, which is where
 * the hashes of inputs come from.
 */
import { sha256 } from "./store-path.ts";
import type { EvalStore } from "../eval-store.ts";

export interface FixedOutput {
  /** "r:sha256" or "sha256" */
  readonly methodAlgo: string;
  readonly hashHex: string;
}

export interface Derivation {
  readonly name: string;
  /** output name → store path ("" while masked) */
  readonly outputs: Map<string, string>;
  readonly fixed: FixedOutput | undefined;
  /** .drv path → output names */
  readonly inputDrvs: Map<string, Set<string>>;
  readonly inputSrcs: Set<string>;
  readonly platform: string;
  readonly builder: string;
  readonly args: readonly string[];
  readonly env: Map<string, string>;
}

function quote(s: string): string {
  return `"${s.replace(/[\\"\n\r\t]/g, (c) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c] as string)}"`;
}

const list = (items: readonly string[]) => `[${items.join(",")}]`;
const sorted = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** The ATerm text; `inputs` replaces the input derivations (by hash) when hashing. */
export function unparse(drv: Derivation, maskOutputs: boolean, inputs?: Map<string, Set<string>>): string {
  const outputs = sorted(drv.outputs).map(([name, path]) => {
    const f = drv.fixed;
    return `(${[name, maskOutputs ? "" : path, f?.methodAlgo ?? "", f?.hashHex ?? ""].map(quote).join(",")})`;
  });
  const inputDrvs = sorted(inputs ?? drv.inputDrvs).map(([p, outs]) => `(${quote(p)},${list([...outs].sort().map(quote))})`);
  const env = sorted(drv.env).map(([k, v]) => `(${quote(k)},${quote(maskOutputs && drv.outputs.has(k) ? "" : v)})`);
  return `Derive(${list(outputs)},${list(inputDrvs)},${list([...drv.inputSrcs].sort().map(quote))},${quote(drv.platform)},${quote(drv.builder)},${list(drv.args.map(quote))},${list(env)})`;
}

/** The derivations made so far: their hashes modulo (per output) and references. */
export class DrvRegistry {
  readonly #store: EvalStore;
  readonly #hashes = new Map<string, Map<string, string>>();
  readonly #refs = new Map<string, { srcs: Set<string>; drvs: Set<string>; outputs: string[] }>();

  constructor(store: EvalStore) {
    this.#store = store;
  }

  /** Output name → hex hash of the derivation at `drvPath` (unknown ones hash their path). */
  hashesOf(drvPath: string): Map<string, string> {
    return this.#hashes.get(drvPath) ?? new Map([["out", sha256(drvPath).toString("hex")]]);
  }

  hashModulo(drv: Derivation, maskOutputs: boolean): Map<string, string> {
    if (drv.fixed !== undefined) {
      const out = drv.outputs.get("out") as string;
      const h = sha256(`fixed:out:${drv.fixed.methodAlgo}:${drv.fixed.hashHex}:${out}`).toString("hex");
      return new Map([["out", h]]);
    }
    const inputs = new Map<string, Set<string>>();
    for (const [path, outs] of drv.inputDrvs) {
      const hashes = this.hashesOf(path);
      for (const o of outs) {
        const h = hashes.get(o) ?? hashes.values().next().value ?? sha256(path).toString("hex");
        const set = inputs.get(h) ?? new Set<string>();
        set.add(o);
        inputs.set(h, set);
      }
    }
    const h = sha256(unparse(drv, maskOutputs, inputs)).toString("hex");
    return new Map([...drv.outputs.keys()].map((o) => [o, h]));
  }

  /** The .drv path of a finished derivation, recorded for later derivations that use it. */
  write(drv: Derivation): string {
    const refs = new Set([...drv.inputSrcs, ...drv.inputDrvs.keys()]);
    const path = this.#store.makeTextPath(`${drv.name}.drv`, unparse(drv, false), refs);
    this.#store.derivations.set(path, drv);
    this.#hashes.set(path, this.hashModulo(drv, false));
    this.#refs.set(path, { srcs: drv.inputSrcs, drvs: new Set(drv.inputDrvs.keys()), outputs: [...drv.outputs.keys()] });
    return path;
  }

  /** Everything `path` refers to, transitively, itself included (for "=" contexts). */
  closure(path: string): { srcs: Set<string>; drvs: Map<string, string[]> } {
    const srcs = new Set<string>();
    const drvs = new Map<string, string[]>();
    const stack = [path];
    while (stack.length > 0) {
      const p = stack.pop() as string;
      if (srcs.has(p)) continue;
      srcs.add(p);
      const r = this.#refs.get(p);
      if (r === undefined) continue;
      drvs.set(p, r.outputs);
      stack.push(...r.srcs, ...r.drvs);
    }
    return { srcs, drvs };
  }
}

/** `name` for output `out`, `name-dev` for `dev`. */
export function outputPathName(drvName: string, output: string): string {
  return output === "out" ? drvName : `${drvName}-${output}`;
}
