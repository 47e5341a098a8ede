/**
 * complete.ts on the real command and flag tables (completion-sources.ts,
 * command-flags.ts), with the evaluating sources (flake names, option
 * paths) stubbed: commands, global flags, each command's flags as its
 * parser takes them, flag values (files, directories, a flake's names
 * after `#`, fixed words), `--flag=value` as one word and as bash's
 * three, option paths after `option`, and the flags `option` is given.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { complete, type CompletionSources } from "./complete.ts";
import { completionSources } from "./completion-sources.ts";
import { BUILD_OPTIONS } from "../commands/build.ts";
import type { Io } from "../io.ts";

const io: Io = { stdout: () => undefined, stderr: () => undefined, env: { HOME: "/nonexistent" }, cwd: "/" };
const asked: { prefix: string; flags: Record<string, string> }[] = [];

async function sources(program: "system-manager" | "home-manager"): Promise<CompletionSources> {
  const real = await completionSources(program, io);
  return {
    ...real,
    flakeNames: async (dir) => (dir === "./f" ? ["default", "web"] : []),
    optionPaths: async (prefix, flags) => {
      asked.push({ prefix, flags: Object.fromEntries(flags) });
      return ["programs.git.", "programs.gpg.", "programs.gh"].filter((p) => p.startsWith(prefix));
    },
  };
}

const sm = async (...words: string[]) => complete(words, await sources("system-manager"));
const hm = async (...words: string[]) => complete(words, await sources("home-manager"));

test("commands: main.ts's COMMANDS without the hidden ones, and help", async () => {
  const c = await sm("");
  assert.equal(c.mode, "words");
  for (const name of ["build", "switch", "option", "options", "completion", "generations", "rollback", "help"]) assert.ok(c.candidates.includes(name), name);
  assert.ok(!c.candidates.includes("activate") && !c.candidates.includes("home-activate"));
  assert.deepEqual((await sm("re")).candidates, ["register"]);
  assert.deepEqual((await hm("re")).candidates, ["remove-generations"]);
  assert.deepEqual((await hm("")).candidates.slice(0, 5), ["switch", "build", "generations", "rollback", "remove-generations"]);
});

test("global flags before the command, and the command after them", async () => {
  assert.deepEqual((await sm("--ver")).candidates, ["--verbose", "--version"]);
  assert.ok(!(await sm("--")).candidates.includes("--use-remote-sudo"));
  assert.deepEqual((await sm("-v", "--nix-option", "a", "b", "sw")).candidates, ["switch"]);
  assert.deepEqual((await sm("--nix-option", "a", "")).candidates, []);
  assert.deepEqual((await sm("--target-host", "h", "sw")).candidates, ["switch"]);
  assert.deepEqual((await sm("--tar")).candidates, ["--target-host"]);
});

test("each command's flags are its parser's, long and short, with the global ones", async () => {
  const build = (await sm("build", "--")).candidates;
  for (const long of Object.keys(BUILD_OPTIONS)) assert.ok(build.includes(`--${long}`), long);
  for (const f of ["--override-input", "--option", "--verbose", "--nix-option"]) assert.ok(build.includes(f), f);
  assert.ok(!build.includes("--ephemeral"));
  assert.ok((await sm("switch", "--")).candidates.includes("--ephemeral"));
  assert.deepEqual((await sm("switch", "--dry")).candidates, ["--dry-run"]);
  assert.ok((await sm("build", "-")).candidates.includes("-h"));
  assert.deepEqual((await sm("option", "--recu")).candidates, ["--recursive"]);
  assert.deepEqual((await sm("options", "--recu")).candidates, []);
  assert.ok(!(await hm("option", "--")).candidates.includes("--root"));
  assert.ok((await hm("switch", "--")).candidates.includes("--backup"));
  assert.ok((await hm("switch", "-")).candidates.includes("-b"));
  assert.deepEqual((await sm("docs", "--ou")).candidates, ["--out"]);
  assert.ok((await sm("docs", "--")).candidates.includes("--root"));
  assert.ok((await hm("docs", "--")).candidates.includes("--out"));
  assert.ok(!(await hm("docs", "--")).candidates.includes("--root"));
});

test("flag values: files, directories, a flake's configurations after '#', fixed words", async () => {
  assert.deepEqual(await sm("build", "--config", "sys"), { mode: "files", candidates: [] });
  assert.deepEqual(await sm("switch", "--root", ""), { mode: "dirs", candidates: [] });
  assert.deepEqual(await sm("switch", "--flake", "./f"), { mode: "dirs", candidates: [] });
  assert.deepEqual(await sm("switch", "--flake", "./f#"), { mode: "words", candidates: ["./f#default", "./f#web"] });
  assert.deepEqual(await sm("switch", "--flake", "./f#w"), { mode: "words", candidates: ["./f#web"] });
  assert.deepEqual(await sm("update", "--provider", "d"), { mode: "words", candidates: ["debian"] });
  assert.deepEqual(await sm("build", "--lint-url-literals", ""), { mode: "words", candidates: ["ignore", "warn", "fatal"] });
  assert.deepEqual(await sm("build", "--override-input", "nixpkgs", ""), { mode: "words", candidates: [] });
  assert.deepEqual(await sm("build", "--option", "max"), { mode: "words", candidates: ["max-call-depth"] });
  assert.deepEqual(await sm("--nix-option", "abort"), { mode: "words", candidates: ["abort-on-warn"] });
  assert.deepEqual(await sm("build", "--option", "max-call-depth", ""), { mode: "words", candidates: [] });
  assert.deepEqual(await sm("init", ""), { mode: "dirs", candidates: [] });
  assert.deepEqual(await sm("flake", "m"), { mode: "words", candidates: ["metadata"] });
  assert.deepEqual(await sm("completion", ""), { mode: "words", candidates: ["bash", "zsh"] });
});

test("--flag=value, as one word (zsh) and as bash's three words, completes the value", async () => {
  assert.deepEqual(await sm("switch", "--flake=./f#w"), { mode: "words", candidates: ["./f#web"] });
  assert.deepEqual(await sm("switch", "--flake", "=", "./f#w"), { mode: "words", candidates: ["./f#web"] });
  assert.deepEqual(await sm("switch", "--root", "=", ""), { mode: "dirs", candidates: [] });
  // A value given as --flag=value is not taken as the next word's flag.
  assert.deepEqual((await sm("switch", "--root=/", "--dry")).candidates, ["--dry-run"]);
});

test("option paths after `option`, with the flags naming the configuration; sets end with '.' and keep the word open", async () => {
  asked.length = 0;
  assert.deepEqual(await hm("option", "programs.g"), { mode: "nospace", candidates: ["programs.git.", "programs.gpg.", "programs.gh"] });
  assert.deepEqual(await sm("option", "--flake", "./f#web", "--offline", "programs.gh"), { mode: "words", candidates: ["programs.gh"] });
  assert.deepEqual(asked[1], { prefix: "programs.gh", flags: { flake: "./f#web" } });
  // One path only: nothing after it.
  assert.deepEqual(await sm("option", "programs.git", ""), { mode: "words", candidates: [] });
  assert.deepEqual(await sm("options", ""), { mode: "words", candidates: [] });
});
