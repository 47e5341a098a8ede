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
import { homeFileLinks, homeFileLocation, homeGenerationSpec, homeManifestProblem, type HomeFile } from "./home-generation.ts";
import { textStoreFile, textStorePath } from "../store/text-store-path.ts";
import { UserError, UserErrors } from "../diagnostics/user-error.ts";

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
const homeFile = (target: string, text: string, source: string = textStorePath("hm_x", text)) => ({ enable: true, target, text, source, executable: null as boolean | null, recursive: false, onChange: "", force: false });

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

test("home.json is one unindented line that reads back as the manifest (each text file's straight link set on reading)", () => {
  const { manifest, tree } = homeGenerationSpec("alice", homeOf({ a: homeFile(".config/a", "a\n"), b: homeFile("b", "b\n") }), () => new Map());
  const e = tree.get("home.json");
  assert.ok(e?.kind === "file");
  const text = e.content.toString("utf8");
  assert.equal(text.indexOf("\n"), text.length - 1, "one line, ending with a newline");
  assert.doesNotMatch(text, /"link"/);
  assert.deepEqual(homeFileLinks(JSON.parse(text)), manifest);
  assert.deepEqual(manifest.files.map((f) => f.link), manifest.files.map((f) => f.text));
  assert.deepEqual(manifest.files.map((f) => f.target), ["b", ".config/a"]);
  assert.equal(homeManifestProblem(JSON.parse(text)), undefined);
});

test("a text entry's text store path is the source the evaluation named; its link names that path straight, with no home-files entry, unless it is executable", () => {
  const text = `home-generation test ${Math.random()}\n`;
  const source = textStorePath("hm_a", text);
  const { manifest, tree, extra } = homeGenerationSpec("alice", homeOf({ a: homeFile("a", text, source) }), () => new Map());
  assert.equal(manifest.files[0]?.text, source);
  assert.equal(manifest.files[0]?.link, source);
  assert.equal(homeFileLocation("/g", manifest.files[0] as HomeFile), source);
  assert.deepEqual(extra.map((e) => [e.name, e.path]), [["hm_a", source]]);
  assert.equal(tree.get("home-files/a"), undefined);
  assert.deepEqual([...tree.keys()], ["home.json"]);

  const run = homeGenerationSpec("alice", homeOf({ a: { ...homeFile("a", text, source), executable: true } }), () => new Map());
  assert.equal(run.manifest.files[0]?.link, undefined);
  assert.equal(homeFileLocation("/g", run.manifest.files[0] as HomeFile), "/g/home-files/a");
  const file = run.tree.get("home-files/a");
  assert.ok(file?.kind === "file" && file.executable);
  assert.equal(file.content, (textStoreFile("hm_a", text).tree.get("") as { content: Buffer }).content);
});

test("a text file in a systemd/user directory keeps a home-files entry under its own name: systemd names a unit after its link's last target", () => {
  const files = { u: homeFile(".config/systemd/user/web.service", "[Service]\n"), w: homeFile(".local/share/systemd/user/default.target.wants/web.service", "[Service]\n"), n: homeFile(".config/notsystemd/user/x", "x\n") };
  const { manifest, tree } = homeGenerationSpec("alice", homeOf(files), () => new Map());
  const by = new Map(manifest.files.map((f) => [f.target, f]));
  for (const t of [".config/systemd/user/web.service", ".local/share/systemd/user/default.target.wants/web.service"]) {
    assert.equal(by.get(t)?.homeFiles, true);
    assert.equal(by.get(t)?.link, undefined);
    assert.equal(tree.get(`home-files/${t}`)?.kind, "file");
  }
  assert.equal(by.get(".config/notsystemd/user/x")?.homeFiles, undefined);
  assert.ok(by.get(".config/notsystemd/user/x")?.link !== undefined);
  const json = JSON.parse((tree.get("home.json") as { content: Buffer }).content.toString("utf8"));
  assert.equal(homeManifestProblem(json), undefined);
  assert.match(homeManifestProblem({ ...json, files: [{ target: "a", kind: "file", force: false, onChange: "", homeFiles: false }] }) ?? "", /homeFiles is not true for a text file/);
  // A text path is one entry at the top of the store: a home link names it straight.
  for (const text of ["/var/lib/system-manager/store/../../etc/shadow", `/var/lib/system-manager/store/${"a".repeat(32)}-x/../../../etc/shadow`, "/etc/shadow", `/var/lib/system-manager/store/${"a".repeat(31)}-x`]) {
    assert.match(homeManifestProblem({ ...json, files: [{ target: "a", kind: "file", force: false, onChange: "", text, executable: false }] }) ?? "", /whose text is not a store path/, text);
  }
});

test("as home-manager's file type, a source set otherwise wins over text: it is linked as any source, its bytes in home-files", () => {
  const mine = new Map([["", { kind: "file" as const, content: Buffer.from("mine\n"), executable: false }]]);
  const read = (p: string) => (p === "/cfg/mine" ? mine : new Map());
  const { manifest, tree, extra } = homeGenerationSpec("alice", homeOf({ a: homeFile("a", "the text\n", "/cfg/mine") }), read);
  assert.deepEqual(manifest.files, [{ target: "a", kind: "file", force: false, onChange: "" }]);
  assert.equal((tree.get("home-files/a") as { content: Buffer }).content.toString("utf8"), "mine\n");
  assert.deepEqual(extra, [], "no text path is written for the text");
});

test("a version 1 home.json is still read: every file in home-files, none linked straight", () => {
  const { manifest } = homeGenerationSpec("alice", homeOf({ a: homeFile("a", "a\n") }), () => new Map());
  const v1 = JSON.parse(JSON.stringify({ ...manifest, version: 1, files: manifest.files.map(({ link: _, ...f }) => f) }));
  assert.equal(homeManifestProblem(v1), undefined);
  assert.equal(homeFileLinks(v1).files[0]?.link, undefined);
  assert.equal(homeFileLocation("/g", homeFileLinks(v1).files[0] as HomeFile), "/g/home-files/a");
  assert.match(homeManifestProblem({ ...v1, version: 3 }) ?? "", /has version 3, and this system-manager reads 1 and 2/);
});

test("the same failure met through several home files (a user unit's file and the links wanting it) is reported once; different ones all", () => {
  const failing = (msg: string) => ({ ...homeFile("x", ""), text: null as unknown as string, source: msg });
  const home = homeOf({ a: { ...failing("broken-pkg"), target: ".config/systemd/user/a.service" }, b: { ...failing("broken-pkg"), target: ".config/systemd/user/default.target.wants/a.service" }, c: { ...failing("other"), target: "c" } });
  const readSource = (source: string) => {
    throw new UserError(`attribute 'python' missing (${source})`, { file: "/m/mopidy.nix", line: 34, column: 25 });
  };
  let thrown: unknown;
  try {
    homeGenerationSpec("alice", home, readSource as never);
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof UserErrors, String(thrown));
  assert.deepEqual(thrown.errors.map((e) => e.message), ["attribute 'python' missing (other)", "attribute 'python' missing (broken-pkg)"]);
});
