/**
 * The nixpkgs layer of `pkgs` (src/packages/nixpkgs) with its builders run
 * for real under a temporary root: for tests of what they build.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EvalStore } from "../../src/nix/eval-store.ts";
import { createEvaluator } from "../../src/nix/evaluate.ts";
import { nixLib } from "../../src/lib/index.ts";
import { force, NixAttrs, type NixString, type Lazy } from "../../src/nix/value.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { nixpkgsPackageSet } from "../../src/packages/nixpkgs/index.ts";
import { realiseStorePaths } from "../../src/packages/nixpkgs/realise.ts";

// The builders run with the build machine's bash and coreutils (/usr/bin): injected as the set's tools.
// `libDir`: a nixpkgs lib tree to use instead of ours.
export function nixpkgsWorld(overlays: string[] = [], bashAt = "/usr", libDir?: string) {
  const store = new EvalStore(STORE_DIR);
  const evaluator = createEvaluator({ store, pure: libDir === undefined });
  const lib = libDir !== undefined ? evaluator.importPath(libDir) : nixLib({ store, copyToStore: evaluator.state.copyToStore, io: evaluator.state.io, importPath: (p) => evaluator.importPath(p) });
  const host = NixAttrs.from({ outPath: bashAt, type: "derivation", name: "host" });
  const ov = overlays.map((o) => evaluator.evalSource(o, "«overlay»", "/"));
  const pkgs = nixpkgsPackageSet({ system: "x86_64-linux", lib, evaluator, tools: { bash: host, initialPath: [host] }, overlays: ov });
  const root = mkdtempSync(join(tmpdir(), "nixpkgs-builders-"));
  const evalWith = (src: string) => force((force(evaluator.evalSource(`pkgs: ${src}`, "«test»", "/")) as { call(a: Lazy): unknown }).call(pkgs) as Lazy);
  /** Builds `${expr}` and returns the path on disk under the root; `realiseOther` makes the packages' paths (stand-ins: debian-outputs.ts). */
  const build = async (expr: string, realiseOther?: (paths: readonly string[]) => Promise<void>) => {
    const s = evalWith(`"\${${expr}}"`) as NixString;
    await realiseStorePaths(s.context, { root, stores: [store], realiseOther });
    return { storePath: s.s, disk: join(root, s.s) };
  };
  return { store, root, evalWith, build, done: () => rmSync(root, { recursive: true, force: true }) };
}

