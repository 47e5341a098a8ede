import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { OPTION_GROUPS_DIR, OPTION_TYPES_FILE, renderSystemOptionTypes } from "./system-option-types.ts";

test("the checked-in options.generated.ts and options/*.ts match the system option modules (else run `npm run gen:types`)", () => {
  const { root, groups } = renderSystemOptionTypes();
  const stale = "is stale: run `npm run gen:types`";
  assert.ok(readFileSync(OPTION_TYPES_FILE, "utf8") === root, `src/config/options.generated.ts ${stale}`);
  assert.deepEqual(readdirSync(OPTION_GROUPS_DIR).sort(), [...groups.keys()].sort(), `the files in src/config/options/ are not those generated: run \`npm run gen:types\``);
  for (const [name, text] of groups) assert.ok(readFileSync(new URL(name, OPTION_GROUPS_DIR), "utf8") === text, `src/config/options/${name} ${stale}`);
});
