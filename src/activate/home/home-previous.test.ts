import { test } from "node:test";
import assert from "node:assert/strict";
import { generationOfLink, previousGenerations } from "./home-previous.ts";

const G = (c: string) => `/var/lib/system-manager/store/${c.repeat(32)}-home-manager-generation`;
const gen = (number: number, storePath: string, current = false) => ({ number, storePath, date: 0, current });

test("generationOfLink() finds the generation a home link points into", () => {
  assert.equal(generationOfLink(`/h/.local/state${G("a")}/home-files/.config/x`), `/h/.local/state${G("a")}`);
  assert.equal(generationOfLink("/etc/elsewhere"), undefined);
});

test("generationOfLink() gives what matching /^(.*\\/<hash>-home-manager-generation)\\/home-files\\// gives, on random targets", () => {
  const pattern = /^(.*\/[0-9a-z]{32}-home-manager-generation)\/home-files\//;
  const parts = ["/", "a", "Z", "-home-manager-generation", "/home-files/", "x".repeat(31), "y".repeat(32), "-", "home-files"];
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 20000; i++) {
    const t = Array.from({ length: 1 + Math.floor(random() * 10) }, () => parts[Math.floor(random() * parts.length)]).join("");
    assert.equal(generationOfLink(t), pattern.exec(t)?.[1], JSON.stringify(t));
  }
  for (const t of [`${G("a")}/home-files/x${G("b")}/home-files/y`, `${G("a")}/home-files/${"A".repeat(32)}-home-manager-generation/home-files/z`, `/${"a".repeat(32)}-home-manager-generation/home-files/`]) {
    assert.equal(generationOfLink(t), pattern.exec(t)?.[1], t);
  }
});

test("previousGenerations(): the current one, newer ones (a failed activation), the newest without a profile link, and those the links name", () => {
  assert.deepEqual(previousGenerations([gen(1, G("a")), gen(2, G("b"), true), gen(3, G("c"))], [], G("d")), [G("b"), G("c")]);
  assert.deepEqual(previousGenerations([gen(1, G("a")), gen(2, G("b"))], [], G("d")), [G("b")]);
  assert.deepEqual(previousGenerations([], [`${G("e")}/home-files/a`, "/not/ours", `${G("e")}/home-files/b`], G("d")), [G("e")]);
  assert.deepEqual(previousGenerations([gen(1, G("d"), true)], [`${G("d")}/home-files/a`], G("d")), [], "never the generation being activated");
});
