/**
 * `npm run gen:types`: regenerates src/config/options.generated.ts from the
 * system option modules. Run it after changing an option declaration; a
 * test fails while the checked-in file is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { OPTION_TYPES_FILE, renderSystemOptionTypes } from "../src/config/system-option-types.ts";

const text = renderSystemOptionTypes();
const file = fileURLToPath(OPTION_TYPES_FILE);
let previous: string | undefined;
try {
  previous = readFileSync(file, "utf8");
} catch {
  previous = undefined;
}
if (previous === text) {
  console.log(`${file} is up to date`);
} else {
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
