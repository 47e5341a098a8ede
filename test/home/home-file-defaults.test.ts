/**
 * Each home.file entry's own defaults (src/modules/home/file-type.ts
 * entryDefaults, made of Nix values directly): the target is the entry's
 * name unless set, `text` becomes the source, and an entry's `text` is read
 * only when its source is; and the check that enabled entries' targets
 * differ (files.ts duplicateTargets).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileText, homeOf } from "./home-config.ts";

test("home.file: the target defaults to the entry's name, a set target wins, and text becomes the file", () => {
  const { content } = homeOf({ home: { stateVersion: "24.05", file: { "a/b": { text: "ab\n" }, c: { target: "/home/alice/d/e", text: "de\n" } } }, xdg: { dataFile: { f: { text: "f\n" } } } });
  assert.equal(fileText(content, "a/b"), "ab\n");
  assert.equal(fileText(content, "d/e"), "de\n");
  assert.equal(fileText(content, ".local/share/f"), "f\n");
  assert.equal(fileText(content, "c"), undefined);
});

test("home.file: a disabled entry's text is never read", () => {
  const entry = {
    enable: false,
    get text(): string {
      throw new Error("the text of a disabled entry was read");
    },
  };
  const { content } = homeOf({ home: { stateVersion: "24.05", file: { off: entry, on: { text: "on\n" } } } });
  assert.equal(fileText(content, "on"), "on\n");
  assert.equal(fileText(content, "off"), undefined);
});

test("home.file: each target shared by enabled entries is listed once, sorted", () => {
  const file = { p: { target: "b", text: "1" }, q: { target: "a", text: "2" }, r: { target: "b", text: "3" }, s: { target: "a", text: "4" }, t: { target: "b", text: "5" }, u: { target: "c", text: "6" } };
  assert.throws(() => homeOf({ home: { stateVersion: "24.05", file } }), /alice profile: Conflicting managed target files: a, b\n/);
});
