import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { OPTION_TYPES_FILE, renderSystemOptionTypes } from "./system-option-types.ts";

test("the checked-in options.generated.ts matches the system option modules (else run `npm run gen:types`)", () => {
  const checkedIn = readFileSync(OPTION_TYPES_FILE, "utf8");
  assert.ok(checkedIn === renderSystemOptionTypes(), "src/config/options.generated.ts is stale: run `npm run gen:types`");
});
