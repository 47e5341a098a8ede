import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { withoutAnsi } from "./stderr-text.ts";

const ESC = "\x1b";

test("withoutAnsi removes colour and other escape sequences, nothing else", () => {
  assert.equal(withoutAnsi(`${ESC}[1;31mwarning: x${ESC}[0m`), "warning: x");
  assert.equal(withoutAnsi(`a${ESC}[2Kb${ESC}Mc [1;31m`), "abc [1;31m");
});

test("builtins.trace to a stderr that is not a terminal drops the escapes (home-manager's red warnings), as Nix does", () => {
  const script = `import { createEvaluator } from ${JSON.stringify(new URL("./evaluate.ts", import.meta.url).href)};
const ev = createEvaluator({ pure: true });
ev.evalSource('builtins.trace "${ESC}[1;31mwarning: careful${ESC}[0m" 1', "«t»", "/");`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, "trace: warning: careful\n");
});
