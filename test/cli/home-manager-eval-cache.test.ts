/**
 * Standalone home-manager's evaluation cache and stack, end to end through
 * the installed launcher (bin/home-manager.js, dist/): a second switch of
 * an unchanged home does not evaluate (the home's builtins.trace is
 * printed only when it is evaluated; the entry is in the user's state
 * directory) and activates the same generation, printing its warnings
 * again; a changed imported or read file, a changed TypeScript module, a
 * generation gone from the store or --no-eval-cache evaluates again; the
 * switch that built notes its closure as found whole. An
 * evaluation runs in a worker with a large stack: Nix's nested calls far
 * beyond what the main thread's stack holds build, and what it prints
 * arrives once, in order.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { NO_GITHUB } from "../helpers/no-network.ts";
import { homeFlake } from "../helpers/scratch-flake.ts";

const CLI = resolve(import.meta.dirname, "../../bin/home-manager.js");
const TRACE = "trace: evaluating the home";
const deep = (n: number) => `(let f = n: if n == 0 then 0 else 1 + f (n - 1); in f ${n})`;

const scratch: string[] = [];
after(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A home flake (the home-manager stand-in, --offline) whose home.nix imports extra.nix and reads motd.txt; `text` is a file's Nix text. */
function setup(text = `"plain"`) {
  const { home, flake } = homeFlake("sm-hm-eval-cache-", "./home.nix");
  scratch.push(home);
  writeFileSync(
    join(flake, "home.nix"),
    `{ ... }: builtins.trace "evaluating the home" {
  imports = [ ./extra.nix ];
  home.stateVersion = "25.05";
  home.file."motd".text = builtins.readFile ./motd.txt;
  home.file."computed".text = toString ${text};
  warnings = [ "from the home" ];
}
`,
  );
  writeFileSync(join(flake, "extra.nix"), `{ home.file."extra".text = "one\\n"; }\n`);
  writeFileSync(join(flake, "motd.txt"), "hello\n");
  const run = (command: string, args: string[] = [], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [CLI, command, "--flake", flake, "--offline", ...args], {
      encoding: "utf8",
      cwd: home,
      env: { PATH: process.env.PATH, HOME: home, USER: "bob", SYSTEM_MANAGER_PACKAGES: "off", ...NO_GITHUB, ...env },
    });
    assert.equal(r.status, 0, r.stderr);
    return { evaluated: r.stderr.includes(TRACE), stdout: r.stdout, stderr: r.stderr };
  };
  const read = (rel: string) => readFileSync(join(home, rel), "utf8");
  const generation = () => realpathSync(join(home, ".local/state/nix/profiles/home-manager"));
  return { home, flake, run, read, generation };
}

test("a second switch of an unchanged home does not evaluate; each change it depends on evaluates again", () => {
  const { home, flake, run, read, generation } = setup();
  const first = run("switch");
  assert.ok(first.evaluated);
  assert.match(first.stderr, /evaluation warning: from the home/);
  assert.equal(read("motd"), "hello\n");
  const built = generation();

  const again = run("switch");
  assert.equal(again.evaluated, false, "an unchanged home is not evaluated again");
  assert.match(again.stderr, /evaluation warning: from the home/, "a hit prints the build's warnings again");
  assert.equal(generation(), built);
  const entries = readdirSync(join(home, ".local/state/system-manager/home/var/lib/system-manager/eval-cache"));
  assert.equal(entries.filter((f) => f.endsWith(".json")).length, 1, "the entry is beside the user's store");
  assert.equal(run("build").evaluated, false, "build takes what switch cached");

  writeFileSync(join(flake, "extra.nix"), `{ home.file."extra".text = "two\\n"; }\n`);
  assert.ok(run("switch").evaluated, "an imported file changed");
  assert.equal(read("extra"), "two\n");
  assert.equal(run("switch").evaluated, false);

  writeFileSync(join(flake, "motd.txt"), "changed\n");
  assert.ok(run("switch").evaluated, "a file the evaluation read changed");
  assert.equal(read("motd"), "changed\n");

  assert.ok(run("switch", ["--no-eval-cache"]).evaluated, "--no-eval-cache evaluates");
  const cached = run("build");
  assert.equal(cached.evaluated, false);
  // Store paths are read-only: made writable first, as a user (not root) removing one must.
  spawnSync("chmod", ["-R", "u+w", cached.stdout.trim()]);
  rmSync(cached.stdout.trim(), { recursive: true, force: true });
  const rebuilt = run("build");
  assert.ok(rebuilt.evaluated, "an entry whose generation left the store is no entry");
  assert.equal(rebuilt.stdout, cached.stdout);
});

test("under --impure the environment the evaluation read is part of the key", () => {
  const { run, read } = setup(`(builtins.getEnv "GREETING")`);
  assert.ok(run("switch", ["--impure"], { GREETING: "one" }).evaluated);
  assert.equal(run("switch", ["--impure"], { GREETING: "one" }).evaluated, false);
  assert.ok(run("switch", ["--impure"], { GREETING: "two" }).evaluated, "GREETING changed");
  assert.equal(read("computed"), "two");
});

test("a TypeScript home configuration is cached with every module it imports", () => {
  const home = mkdtempSync(join(tmpdir(), "sm-hm-eval-cache-"));
  scratch.push(home);
  const dir = join(home, ".config/home-manager");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "home.config.ts"),
    `import { defineHomeConfig } from "system-manager";
import { motd } from "./motd.ts";
console.error("${TRACE}");
export default defineHomeConfig({ modules: [{ home: { stateVersion: "25.05", file: { motd: { text: motd } } } }] });
`,
  );
  writeFileSync(join(dir, "motd.ts"), `export const motd = "one\\n";\n`);
  const run = () => {
    const r = spawnSync(process.execPath, [CLI, "switch"], { encoding: "utf8", cwd: home, env: { PATH: process.env.PATH, HOME: home, USER: "bob", SYSTEM_MANAGER_PACKAGES: "off" } });
    assert.equal(r.status, 0, r.stderr);
    return r.stderr.includes(TRACE);
  };
  assert.ok(run());
  assert.equal(run(), false, "an unchanged configuration is not evaluated again");
  writeFileSync(join(dir, "motd.ts"), `export const motd = "two\\n";\n`);
  assert.ok(run(), "a module it imports changed");
  assert.equal(readFileSync(join(home, "motd"), "utf8"), "two\n");
});

test("a home whose evaluation nests 5,000 calls builds in one run, printing its trace and warning once, in order", () => {
  const nested = setup(deep(5000));
  const d = nested.run("switch");
  assert.equal(nested.read("computed"), "5000");
  assert.equal(d.stderr.split(TRACE).length - 1, 1);
  assert.equal(d.stderr.split("evaluation warning: from the home").length - 1, 1);
  const at = (t: string) => d.stderr.indexOf(t);
  assert.ok(at(TRACE) < at("evaluation warning: from the home") && at("evaluation warning: from the home") < at("Starting Home Manager activation"), d.stderr);
});

test("the switch that built notes its closure as found whole, so the next switch need not look it up", () => {
  const { home, flake, run } = setup();
  assert.ok(run("switch").evaluated);
  const state = join(home, ".local/state/system-manager/home/var/lib/system-manager");
  const entries = readdirSync(join(state, "eval-cache")).filter((f) => /^[0-9a-f]{32}-[0-9a-f]{16}\.json$/.test(f));
  assert.equal(entries.length, 1, entries.join(", "));
  const entry = join(state, "eval-cache", entries[0] as string);
  const note = entry.replace(/\.json$/, ".store");
  rmSync(note, { force: true });
  // Evaluated again (a comment added) to the same generation: nothing is written into the user's store, which is settled
  // (its last change a minute ago, dir-stamp.ts) when the switch notes.
  writeFileSync(join(flake, "extra.nix"), `# changed\n${readFileSync(join(flake, "extra.nix"), "utf8")}`);
  const store = join(state, "store");
  const minuteAgo = new Date(Date.now() - 60_000);
  utimesSync(store, minuteAgo, minuteAgo);
  const settled = statSync(store, { bigint: true }).mtimeNs;
  const written = statSync(entry).ino;
  assert.ok(run("switch").evaluated);
  assert.notEqual(statSync(entry).ino, written, "its entry written anew");
  assert.equal(statSync(store, { bigint: true }).mtimeNs, settled, "nothing was written into the store");
  assert.ok(existsSync(note), "the switch noted the closure of what it built");
});
