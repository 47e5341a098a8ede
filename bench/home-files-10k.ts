// 10,000 managed home files: first activation, a no-op activation and a
// one-file change, against GNU stow (`stow`, `stow -R`) on the same tree in
// the same run. Prints times and ratios. Needs stow (apt-get install stow).
// The home configuration is the home modules' own evaluation of one file,
// whose evaluated definition is then repeated for every target (so its
// shape is always the modules' current one; evaluating 10,000 definitions
// through the module system is another benchmark).
// Run: node --import tsx bench/home-files-10k.ts  (FILES=n to change the count)
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { homeGenerationSpec, HOME_GENERATION_NAME } from "../src/build/home-generation.ts";
import { readSourceFromDisk } from "../src/build/read-source.ts";
import { evalModules } from "../src/module-system/eval-modules.ts";
import { homeModules } from "../src/modules/home/index.ts";
import { packageSet } from "../src/packages/package-set.ts";
import { lazyFromJS, toJS } from "../src/nix/js-value.ts";
import { Thunk } from "../src/nix/value.ts";
import { inStoreSession } from "../src/store/store-session.ts";
import { writeStorePaths } from "../src/store/write-store-paths.ts";
import { textStorePath } from "../src/store/text-store-path.ts";
import { textSourceName } from "../src/modules/home/file-type.ts";
import { STORE_DIR } from "../src/store/store-path.ts";
import { activateHome } from "../src/activate/home/activate-home.ts";
import { msSince, peer, ratio, scratchDir, size } from "./lib/bench-env.ts";

const N = Number(process.env.FILES ?? size(10_000, 20));
const CHANGED = Math.min(42, N - 1);
const rel = (i: number) => `d${Math.floor(i / 100)}/sub${i % 10}/file${i}.conf`;
type Js = Record<string, any>;

const TEMPLATE = "template.conf";
const evaluated = toJS(
  evalModules({
    modules: [...homeModules, lazyFromJS({ _file: "bench", home: { username: "bench", homeDirectory: "/home/bench", stateVersion: "25.05", file: { [TEMPLATE]: { text: "template\n" } } } })],
    specialArgs: { pkgs: new Thunk(() => packageSet(() => "x86_64-linux"), "pkgs") },
    class: "homeManager",
  }).config,
) as Js;
const template = evaluated.home.file[TEMPLATE] as Js;
if (template?.target !== TEMPLATE || typeof template.source !== "string") throw new Error(`the home modules no longer evaluate home.file as this benchmark expects: ${JSON.stringify(template)}`);

function homeConfig(changed: number | undefined): Js {
  const file: Js = {};
  for (let i = 0; i < N; i++) {
    const target = rel(i);
    const text = `value ${i}${i === changed ? " (changed)" : ""}\n`;
    // The source home-manager's file type gives a text (its writeTextFile), as the home modules make it.
    file[target] = { ...template, target, text, source: textStorePath(textSourceName(target), text) };
  }
  return { ...evaluated, home: { ...evaluated.home, file } };
}

const root = scratchDir("sm-bench-home-");
const home = join(root, "home/bench");
mkdirSync(home, { recursive: true });
async function build(changed?: number) {
  const content = homeGenerationSpec("bench", homeConfig(changed), readSourceFromDisk);
  // The text paths the links name, then the generation, in one batch (as a build writes them).
  const written = await inStoreSession(() => writeStorePaths(root, [...content.extra, { name: HOME_GENERATION_NAME, tree: content.tree }]));
  return written[written.length - 1] as string;
}
const activate = (generation: string) => {
  const t0 = process.hrtime.bigint();
  activateHome({ storeDir: join(root, STORE_DIR), homeDir: home, generation, backupExtension: null, uid: undefined, env: {}, log: () => undefined });
  return msSince(t0);
};

let t = process.hrtime.bigint();
const g1 = await build();
const buildMs = msSince(t);
const first = activate(g1);
const noop = activate(g1);
const change = activate(await build(CHANGED));

let stowTimes: (number | undefined)[] = [undefined, undefined, undefined];
if (peer("stow", "stow")) {
  const stowDir = scratchDir("sm-bench-stow-");
  const pkg = join(stowDir, "pkg");
  const target = scratchDir("sm-bench-stow-home-");
  for (let i = 0; i < N; i++) {
    mkdirSync(join(pkg, rel(i), ".."), { recursive: true });
    writeFileSync(join(pkg, rel(i)), `value ${i}\n`);
  }
  const stow = (...args: string[]) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync("stow", ["--no-folding", "-d", stowDir, "-t", target, ...args], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`stow failed: ${r.stderr}`);
    return msSince(t0);
  };
  const sFirst = stow("pkg");
  const sNoop = stow("-R", "pkg");
  writeFileSync(join(pkg, rel(CHANGED)), `value ${CHANGED} (changed)\n`);
  stowTimes = [sFirst, sNoop, stow("-R", "pkg")];
}

const row = (what: string, a: number, b: number | undefined) =>
  console.log(`${what.padEnd(22)} ${a.toFixed(0).padStart(7)} ms   stow ${b === undefined ? "      -" : b.toFixed(0).padStart(7)} ms   ${ratio(a, b)}`);
console.log(`${N} files; building the home generation took ${buildMs.toFixed(0)} ms`);
row("first activation", first, stowTimes[0]);
row("no-op activation", noop, stowTimes[1]);
row("one file changed", change, stowTimes[2]);
