/**
 * An evaluation's `graph` (module-graph.ts), as nixpkgs' evalModules gives
 * it: every module as given and imported, in order, with its key, file
 * and imports, and whether some module's disabledModules names it (its
 * imports still listed); a module given twice is listed twice. The
 * expected value is what nixpkgs' own lib gives for the same modules.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { withLib } from "./test-support.ts";

const node = (key: string, file: string, imports: unknown[] = [], disabled = false) => ({ disabled, file, imports, key });

test("graph lists the modules as given and imported, a disabled one with its imports", () => {
  const out = withLib(`(lib.evalModules { modules = [
    { }
    (args: { imports = [ { key = "explicit-key"; } ]; })
    { key = "b"; _file = "b.nix"; imports = [ { imports = [ { } ]; } ]; }
    { disabledModules = [ { key = "b"; } ]; }
  ]; }).graph`);
  assert.deepEqual(out, [
    node(":anon-1", "<unknown-file>"),
    node(":anon-2", "<unknown-file>", [node("explicit-key", "<unknown-file>")]),
    node("b", "b.nix", [node("b:anon-1", "b.nix", [node("b:anon-1:anon-1", "b.nix")])], true),
    node(":anon-4", "<unknown-file>"),
  ]);
});

test("a module given twice is listed twice in graph, and evaluated once", () => {
  const out = withLib(`let m = { key = "m"; options.n = lib.mkOption { default = 1; }; }; e = lib.evalModules { modules = [ m m ]; }; in { graph = e.graph; n = e.config.n; }`);
  assert.deepEqual(out, { graph: [node("m", "<unknown-file>"), node("m", "<unknown-file>")], n: 1 });
});
