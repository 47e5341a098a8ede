import { test } from "node:test";
import assert from "node:assert/strict";
import { optionTypeFiles } from "./option-type-files.ts";
import { renderSystemOptionTypes } from "./system-option-types.ts";
import type { OptionTypeBlock } from "./option-types-emitter.ts";

const block = (name: string, path: string[], members: string[], lines = 0): OptionTypeBlock => ({
  name,
  path,
  text: `export interface ${name} {\n${members.map((m) => `  ${m};\n`).join("")}${"  // filler\n".repeat(lines)}}\n`,
});

test("a group is one file; a group past 400 lines is split by the next path element, its own interface staying; each file imports what it names", () => {
  const { root, groups } = optionTypeFiles([
    block("TConfig", [], ["small?: Def<TSmall>", "big?: Def<TBig>"]),
    block("TSmall", ["small"], ["x?: Def<TSmallX>"]),
    block("TSmallX", ["small", "x"], ["y?: Def<string>"]),
    block("TBig", ["big"], ["a?: Def<Submodule<TBigA>>", "b?: Def<TBigB>"]),
    block("TBigA", ["big", "<name>", "a"], ["n?: Def<number>"], 250),
    block("TBigB", ["big", "b"], ["m?: Def<TBigA>"], 250),
  ]);
  assert.deepEqual([...groups.keys()], ["big.ts", "big.a.ts", "big.b.ts", "small.ts"]);
  assert.match(groups.get("small.ts") as string, /^import type \{ Def \} from "\.\.\/option-values\.ts";\n\nexport interface TSmall \{[\s\S]*export interface TSmallX \{/m);
  assert.match(groups.get("big.ts") as string, /import type \{ Def, Submodule \} from "\.\.\/option-values\.ts";\nimport type \{ TBigA \} from "\.\/big\.a\.ts";\nimport type \{ TBigB \} from "\.\/big\.b\.ts";\n/);
  assert.match(groups.get("big.b.ts") as string, /import type \{ TBigA \} from "\.\/big\.a\.ts";/);
  assert.match(root, /import type \{ TBig \} from "\.\/options\/big\.ts";\nimport type \{ TSmall \} from "\.\/options\/small\.ts";\n\nexport interface TConfig/);
  for (const f of groups.keys()) assert.ok(root.includes(`export type * from "./options/${f}";\n`), f);
});

test("every generated option types file is under 400 lines", () => {
  const { root, groups } = renderSystemOptionTypes();
  for (const [name, text] of [["options.generated.ts", root] as const, ...groups]) assert.ok(text.split("\n").length <= 400, `${name}: ${text.split("\n").length} lines`);
});
