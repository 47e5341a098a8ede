/**
 * `npm run gen:types`: regenerates src/config/options.generated.ts and the
 * group files in src/config/options/ from the system option modules, and
 * removes a group file no longer generated. Run it after changing an
 * option declaration; a test fails while the checked-in files are stale.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { OPTION_GROUPS_DIR, OPTION_TYPES_FILE, renderSystemOptionTypes } from "../src/config/system-option-types.ts";

const { root, groups } = renderSystemOptionTypes();
const dir = fileURLToPath(OPTION_GROUPS_DIR);
mkdirSync(dir, { recursive: true });
let changed = 0;
const write = (file: string, text: string) => {
  let previous: string | undefined;
  try {
    previous = readFileSync(file, "utf8");
  } catch {
    previous = undefined;
  }
  if (previous === text) return;
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
  changed++;
};
for (const [name, text] of groups) write(join(dir, name), text);
for (const name of readdirSync(dir)) {
  if (groups.has(name)) continue;
  rmSync(join(dir, name));
  console.log(`removed ${join(dir, name)}`);
  changed++;
}
write(fileURLToPath(OPTION_TYPES_FILE), root);
if (changed === 0) console.log("the option types are up to date");
