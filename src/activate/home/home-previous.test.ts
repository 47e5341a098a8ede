import { test } from "node:test";
import assert from "node:assert/strict";
import { generationOfLink, previousGenerations } from "./home-previous.ts";

const G = (c: string) => `/var/lib/system-manager/store/${c.repeat(32)}-home-manager-generation`;
const gen = (number: number, storePath: string, current = false) => ({ number, storePath, date: 0, current });

test("generationOfLink() finds the generation a home link points into", () => {
  assert.equal(generationOfLink(`/h/.local/state${G("a")}/home-files/.config/x`), `/h/.local/state${G("a")}`);
  assert.equal(generationOfLink("/etc/elsewhere"), undefined);
});

test("previousGenerations(): the current one, newer ones (a failed activation), the newest without a profile link, and those the links name", () => {
  assert.deepEqual(previousGenerations([gen(1, G("a")), gen(2, G("b"), true), gen(3, G("c"))], [], G("d")), [G("b"), G("c")]);
  assert.deepEqual(previousGenerations([gen(1, G("a")), gen(2, G("b"))], [], G("d")), [G("b")]);
  assert.deepEqual(previousGenerations([], [`${G("e")}/home-files/a`, "/not/ours", `${G("e")}/home-files/b`], G("d")), [G("e")]);
  assert.deepEqual(previousGenerations([gen(1, G("d"), true)], [`${G("d")}/home-files/a`], G("d")), [], "never the generation being activated");
});
