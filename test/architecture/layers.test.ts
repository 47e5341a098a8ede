/**
 * The layers under src/ and the one direction their imports run:
 * diagnostics ← nix (the language) ← module-system ← lib (nixpkgs' lib) ←
 * everything else. Each file in a layer may import only from its own
 * layer and the layers below it; a test per layer names every import that
 * points up.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const SRC = resolve(import.meta.dirname, "../../src");
const ORDER = ["diagnostics", "nix", "module-system", "lib"] as const;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [p] : [];
  });
}

/** Every relative module a file imports, statically or dynamically, as src/-relative paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1] as string);
  return specs.map((s) => relative(SRC, resolve(dirname(file), s)));
}

for (const [level, layer] of ORDER.entries()) {
  const allowed = new Set<string>(ORDER.slice(0, level + 1));
  test(`src/${layer} imports only from ${[...allowed].map((l) => `src/${l}`).join(", ")}`, () => {
    const upward: string[] = [];
    for (const file of sources(join(SRC, layer))) {
      for (const target of importsOf(file)) {
        const top = target.split("/")[0] as string;
        if (!allowed.has(top)) upward.push(`${relative(SRC, file)} imports ${target}`);
      }
    }
    assert.deepEqual(upward, []);
  });
}
