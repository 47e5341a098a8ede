import { test } from "node:test";
import assert from "node:assert/strict";
import { compareNames, sortOrder } from "./attrs-layout.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const ALPHABET = ["a", "b", "B", "_", "-", "'", "0", "z", "é", "Ω", "😀", "ab", "a.b"];

test("sortOrder sorts names as a comparison sort by compareNames does, short lists (insertion) and long ones alike", () => {
  const r = rng(7);
  for (let round = 0; round < 3000; round++) {
    const size = Math.floor(r() * 40);
    const names = new Set<string>();
    while (names.size < size) {
      let name = "";
      for (let k = 0, len = 1 + Math.floor(r() * 4); k < len; k++) name += ALPHABET[Math.floor(r() * ALPHABET.length)];
      names.add(name);
    }
    const list = [...names];
    const order = sortOrder(list);
    assert.deepEqual(order.map((i) => list[i]), [...list].sort(compareNames), list.join(" "));
    assert.deepEqual([...order].sort((a, b) => a - b), list.map((_, i) => i));
  }
  assert.deepEqual(sortOrder([]), []);
  assert.deepEqual(sortOrder(["b", "a", "c"]), [1, 0, 2]);
});
