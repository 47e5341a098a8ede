/**
 * `build --repair`, through the installed CLI: a store path already
 * present is trusted (a second build does not read it back, as Nix trusts
 * a valid path), so a file damaged inside a generation stays damaged
 * until a build with --repair checks the paths the generation needs and
 * rewrites it with what it should hold; standalone `home-manager build
 * --repair` does the same in the user's store.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, lstatSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { homeFlake, systemFlake } from "../helpers/scratch-flake.ts";
import { NO_GITHUB } from "../helpers/no-network.ts";

const CLI = resolve(import.meta.dirname, "../../bin/system-manager.js");
const HM_CLI = resolve(import.meta.dirname, "../../bin/home-manager.js");

/** The first regular file below `dir` (depth first, names in order). */
function firstFile(dir: string): string | undefined {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isFile()) return p;
    if (st.isDirectory()) {
      const found = firstFile(p);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * Builds with `build`, damages the first file below `under(generation)`,
 * and checks that a rebuild trusts it and a rebuild with --repair restores
 * its bytes and mode, both giving the same generation.
 */
function assertRepairs(build: (...extra: string[]) => string, under: (generation: string) => string): void {
  const generation = build();
  const file = firstFile(under(generation));
  assert.ok(file !== undefined, `the generation ${generation} holds a file under ${under(generation)}`);
  const good = readFileSync(file);
  const mode = lstatSync(file).mode & 0o7777;
  chmodSync(file, 0o644);
  writeFileSync(file, "damaged\n");
  chmodSync(file, mode);

  assert.equal(build("--no-eval-cache"), generation);
  assert.equal(readFileSync(file, "utf8"), "damaged\n", "a path present under its name is trusted, not read back");

  assert.equal(build("--repair"), generation);
  assert.deepEqual(readFileSync(file), good, "--repair rewrote the damaged file");
  assert.equal(lstatSync(file).mode & 0o7777, mode);
}

/** The last line of a successful run's stdout: the generation's path. */
function lastLine(r: ReturnType<typeof spawnSync>): string {
  assert.equal(r.status, 0, String(r.stderr));
  return String(r.stdout).trim().split("\n").at(-1) as string;
}

test("a damaged file in a generation is trusted by a later build and rewritten by build --repair", () => {
  const { dir, flake, root, env } = systemFlake("sm-repair-", `{ nixpkgs.hostPlatform = "x86_64-linux"; environment.etc."motd".text = "hello from the generation\\n"; }`);
  try {
    const build = (...extra: string[]) => lastLine(spawnSync(process.execPath, [CLI, "build", "--flake", flake, "--root", root, "--offline", ...extra], { encoding: "utf8", env }));
    assertRepairs(build, (generation) => join(generation, "etc"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("home-manager build --repair rewrites a damaged file of the home's generation, which a later build trusts", () => {
  const { home, flake } = homeFlake("sm-hm-repair-", `{ home.stateVersion = "25.05"; home.file."motd".text = "hello from the home\\n"; }`);
  try {
    const build = (...extra: string[]) =>
      lastLine(
        spawnSync(process.execPath, [HM_CLI, "build", "--flake", flake, "--offline", ...extra], {
          encoding: "utf8",
          cwd: home,
          env: { PATH: process.env.PATH, HOME: home, USER: "bob", SYSTEM_MANAGER_PACKAGES: "off", ...NO_GITHUB },
        }),
      );
    assertRepairs(build, (generation) => {
      assert.ok(generation.startsWith(join(home, ".local/state/system-manager/home/")), `${generation} is in the user's store`);
      return generation;
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
