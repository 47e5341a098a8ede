/**
 * home.json's file targets (home-generation.ts): a target is accepted
 * exactly when it is a relative path with no empty, "." or ".." component
 * and no NUL, checked against that rule spelt out component by component
 * on hand-picked and random targets; an accepted target is its own
 * normal form. home.json is written unindented, on one line, and reads
 * back as the manifest.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { posix } from "node:path";
import { homeGenerationSpec, homeManifestProblem } from "./home-generation.ts";
import { textStoreFile, textStorePath } from "../store/text-store-path.ts";

const manifest = (target: string) => ({
  version: 1,
  username: "alice",
  homeDirectory: "/home/alice",
  uid: null,
  stateVersion: "25.05",
  files: [{ target, kind: "file", force: false, onChange: "" }],
  activation: [],
  sessionVariablesFile: "",
});

/** A home.file entry with `text` at `target`. */
const homeFile = (target: string, text: string, source = "/store/x") => ({ enable: true, target, text, source, executable: null, recursive: false, onChange: "", force: false });

/** alice's evaluated home (as the build reads it) with these home.file entries. */
const homeOf = (file: Record<string, ReturnType<typeof homeFile>>) => ({
  home: { username: "alice", homeDirectory: "/home/alice", uid: 1000, stateVersion: "25.05", sessionVariablesFile: "", file, activation: {}, textFiles: [], linkFarms: {} },
});

const byComponents = (t: string) => !t.startsWith("/") && !t.includes("\0") && !t.split("/").some((p) => p === "" || p === "." || p === "..");

test("a home file's target is accepted exactly when it has no empty, '.' or '..' component", () => {
  const picked = ["a", ".a", "..a", "a..", "...", "a/...", ".config/git/config", "a/b/c", "", ".", "..", "/a", "a/", "a//b", "a/./b", "a/../b", "./a", "../a", "a/.", "a/..", "a\0b", "é/ü"];
  const alphabet = ["a", ".", "/", "b", ".."];
  let seed = 13;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const generated = Array.from({ length: 3000 }, () => Array.from({ length: 1 + Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(""));
  for (const t of [...picked, ...generated]) {
    const ok = homeManifestProblem(manifest(t)) === undefined;
    assert.equal(ok, byComponents(t), JSON.stringify(t));
    if (ok) assert.equal(posix.normalize(t), t);
  }
});

test("home.json is one unindented line that reads back as the manifest", () => {
  const { manifest, tree } = homeGenerationSpec("alice", homeOf({ a: homeFile(".config/a", "a\n"), b: homeFile("b", "b\n") }), () => new Map());
  const e = tree.get("home.json");
  assert.ok(e?.kind === "file");
  const text = e.content.toString("utf8");
  assert.equal(text.indexOf("\n"), text.length - 1, "one line, ending with a newline");
  assert.deepEqual(JSON.parse(text), manifest);
  assert.deepEqual(manifest.files.map((f) => f.target), ["b", ".config/a"]);
  assert.equal(homeManifestProblem(JSON.parse(text)), undefined);
});

test("a text entry's text store path is the source the evaluation named, written from the same buffer as its home-files entry", () => {
  const text = `home-generation test ${Math.random()}\n`;
  const source = textStorePath("hm_a", text);
  const { manifest, tree, extra } = homeGenerationSpec("alice", homeOf({ a: homeFile("a", text, source) }), () => new Map());
  assert.equal(manifest.files[0]?.text, source);
  assert.deepEqual(extra.map((e) => [e.name, e.path]), [["hm_a", source]]);
  const file = tree.get("home-files/a");
  assert.ok(file?.kind === "file");
  assert.equal(file.content, (textStoreFile("hm_a", text).tree.get("") as { content: Buffer }).content);
});
