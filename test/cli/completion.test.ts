/**
 * Shell completion through the installed launchers (bin/, on the built
 * dist/: run `node scripts/build.mjs` first): the scripts `completion
 * bash|zsh` prints (golden, byte for byte; home-manager's is
 * system-manager's with the names changed), a shell named wrong, and the
 * scripts run by the real shells on scratch flakes. bash: the script is
 * sourced, COMP_WORDS/COMP_CWORD/COMP_LINE/COMP_POINT set as readline sets
 * them, the completion function called and COMPREPLY printed (compopt,
 * usable only inside readline's completion, is a function recording its
 * options). zsh: an interactive zsh in a pseudo-terminal (zsh/zpty) with
 * compinit, the script sourced or installed in $fpath, each line typed
 * with a Tab, and the line as completion left it printed by a key bound
 * to a widget (flake input paths and generation numbers in bash too); skipped, with the reason, without zsh. And
 * the completion cache: a second Tab is answered from it, and a changed
 * configuration is evaluated again.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";
import { homeFlake, systemFlake } from "../helpers/scratch-flake.ts";
import { assertGolden } from "../helpers/golden.ts";

const BIN = fileURLToPath(new URL("../../bin/", import.meta.url));
const GOLDEN = fileURLToPath(new URL("./golden/", import.meta.url));

const sys = systemFlake("sm-completion-", "./system.nix");
writeFileSync(
  join(sys.flake, "system.nix"),
  `{ lib, ... }: {
  options.site.greeting = lib.mkOption { type = lib.types.str; default = "hello"; };
  config = { nixpkgs.hostPlatform = "x86_64-linux"; users.users.alice = { isNormalUser = true; uid = 1001; }; environment.etc."my app/conf".text = "x"; };
}
`,
);
const home = homeFlake("hm-completion-", `{ home.stateVersion = "25.05"; }`);
// The programs, as a user has them on PATH.
const path = join(sys.dir, "bin");
mkdirSync(path);
for (const program of ["system-manager", "home-manager"]) {
  writeFileSync(join(path, program), `#!/bin/sh\nexec "${process.execPath}" "${join(BIN, `${program}.js`)}" "$@"\n`);
  chmodSync(join(path, program), 0o755);
}
after(() => [sys.dir, home.home].forEach((d) => rmSync(d, { recursive: true, force: true })));

const env = { ...sys.env, PATH: `${path}:${dirname(process.execPath)}:/usr/bin:/bin`, SYSTEM_MANAGER_LARGE_STACK: undefined };
const hmEnv = { ...env, HOME: home.home, USER: "bob" };
const run = (program: string, args: string[], e = env) => spawnSync(join(path, program), args, { encoding: "utf8", env: e, cwd: sys.dir });
const hasZsh = spawnSync("zsh", ["-c", "true"]).status === 0;

test("completion bash|zsh prints the script (golden); home-manager's is the same with its names", () => {
  for (const shell of ["bash", "zsh"]) {
    const r = run("system-manager", ["completion", shell]);
    assert.equal(r.status, 0, r.stderr);
    assertGolden(join(GOLDEN, `completion.${shell}`), r.stdout);
    const hm = run("home-manager", ["completion", shell], hmEnv);
    assert.equal(hm.status, 0, hm.stderr);
    assert.equal(hm.stdout, r.stdout.replaceAll("system-manager", "home-manager").replaceAll("_system_manager", "_home_manager"));
  }
});

test("a shell not named, or not known, is a user error that prints nothing", () => {
  for (const args of [["completion"], ["completion", "fish"]]) {
    const r = run("system-manager", args);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^error: Cannot print a completion script.*: name the shell, bash or zsh/);
  }
});

/** Runs real bash: each case is the words of a line (the last being completed); prints COMPREPLY and the compopt options, per case. */
function bash(program: string, cases: readonly (readonly string[])[], e = env): string[] {
  const lines = [`source <(${program} completion bash) || exit 9`, `compopt() { COMPOPT="$*"; }`];
  for (const words of cases) {
    const quoted = words.map((w) => `'${w}'`).join(" ");
    lines.push(`COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; COMP_LINE="\${COMP_WORDS[*]}"; COMP_POINT=\${#COMP_LINE}; COMPOPT=; COMPREPLY=()`);
    lines.push(`${program === "system-manager" ? "_system_manager" : "_home_manager"}; echo "\${COMPREPLY[*]} [$COMPOPT]"`);
  }
  const r = spawnSync("bash", ["--norc", "-c", lines.join("\n")], { encoding: "utf8", env: e, cwd: sys.dir });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split("\n").slice(0, -1);
}

test("bash: commands, flags, file and directory values, a flake's configurations after '#', option paths", () => {
  const out = bash("system-manager", [
    ["system-manager", "sw"],
    ["system-manager", "-v", "re"],
    ["system-manager", "switch", "--dry"],
    ["system-manager", "build", "--config", ""],
    ["system-manager", "switch", "--root", "/t"],
    ["system-manager", "switch", "--flake", "=", ""],
    ["system-manager", "switch", "--flake", `${sys.flake}#`],
    ["system-manager", "option", "--root", sys.root, "--flake", sys.flake, "si"],
    ["system-manager", "option", "--root", sys.root, "--flake", sys.flake, "users.users."],
    ["system-manager", "option", "--root", sys.root, "--flake", sys.flake, "site.gr"],
  ]);
  assert.deepEqual(out, [
    "switch []",
    "register []",
    "--dry-run []",
    " [-o default]",
    " [-o dirnames]",
    " [-o dirnames]",
    `${sys.flake}#default []`,
    "site. [-o nospace]",
    "users.users.alice. users.users.nobody. users.users.root. [-o nospace]",
    "site.greeting []",
  ]);
});

test("bash: --override-input offers the flake's input paths (flake.lock), --generation the generation numbers under --root", () => {
  const flake = join(sys.dir, "inputs-flake");
  mkdirSync(flake, { recursive: true });
  writeFileSync(join(flake, "flake.nix"), `{ inputs.nixpkgs.url = "github:NixOS/nixpkgs"; inputs.system-manager.url = "github:numtide/system-manager"; outputs = _: { }; }\n`);
  const lock = { nodes: { root: { inputs: { nixpkgs: "nixpkgs", "system-manager": "sm" } }, nixpkgs: {}, sm: { inputs: { nixpkgs: ["nixpkgs"] } } }, root: "root", version: 7 };
  writeFileSync(join(flake, "flake.lock"), JSON.stringify(lock));
  const profiles = join(sys.dir, "gens-root", "var/lib/system-manager/profiles");
  mkdirSync(profiles, { recursive: true });
  for (const n of [1, 2, 12]) symlinkSync(`/var/lib/system-manager/store/x-${n}`, join(profiles, `system-${n}-link`));
  const out = bash("system-manager", [
    ["system-manager", "switch", "--flake", flake, "--override-input", ""],
    ["system-manager", "build", "--flake", `${flake}#default`, "--override-input", "system-manager/"],
    ["system-manager", "switch", "--root", join(sys.dir, "gens-root"), "--generation", ""],
    ["system-manager", "switch", "--root", join(sys.dir, "gens-root"), "--generation", "=", "1"],
  ]);
  assert.deepEqual(out, ["nixpkgs system-manager []", "system-manager/nixpkgs []", "1 2 12 []", "1 12 []"]);
});

test("bash: home-manager's commands and its option paths (programs.gi → programs.git.)", () => {
  const out = bash("home-manager", [["home-manager", "op"], ["home-manager", "option", "--flake", `${home.flake}#bob`, "programs.gi"], ["home-manager", "switch", "--flake", `${home.flake}#`]], { ...hmEnv });
  assert.deepEqual(out, ["option options []", "programs.git. [-o nospace]", `${home.flake}#bob []`]);
});

/**
 * Drives an interactive shell in a pseudo-terminal (zsh's zpty module):
 * `setup`, then each line typed with a Tab after it and Ctrl-X, bound to
 * print the line as completion left it and clear it. One line out a case.
 */
const ZPTY = `zmodload zsh/zpty || exit 3
shell=$1; setup=$2; shift 2
zpty z "$shell"
zpty -w z "$setup"
for line in "$@"; do
  zpty -w -n z "$line"$'\\t\\x18'
  out=""
  integer waited=0
  until [[ $out == *'<<OUT>>['*']'$'\\r'* ]]; do
    if zpty -r -t z chunk; then out+=$chunk; else sleep 0.05; (( waited++ > 1200 )) && { print -r -- "timeout: $line: $out"; exit 4; }; fi
  done
  tail=\${out#*<<OUT>>\\[}
  print -r -- "\${tail%%\\]$'\\r'*}"
done
zpty -d z
`;

function typed(shell: string, setup: string, lines: readonly string[], e: NodeJS.ProcessEnv): string[] {
  const driver = join(sys.dir, "zpty.zsh");
  writeFileSync(driver, ZPTY);
  const r = spawnSync("zsh", ["-f", driver, shell, setup, ...lines], { encoding: "utf8", env: e, cwd: sys.dir, timeout: 120_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return r.stdout.split("\n").slice(0, -1);
}

/** Real zsh with compinit, then `setup`. */
function zsh(setup: string, lines: readonly string[], e = env): string[] {
  const dump = `dumpbuf() { BUFFER="print -r -- \${(q):-<<\${:-OUT}>>[$BUFFER]}"; zle .accept-line }; zle -N dumpbuf; bindkey "^X" dumpbuf`;
  return typed("zsh -f -i", `PS1='> '; autoload -Uz compinit && compinit -u -D; ${setup}; ${dump}`, lines, e);
}

test("bash: in a real interactive bash, readline completes with the script: '--flag=' values, files, directories, no space after a set of options", () => {
  const setup = `PS1='> '; source <(system-manager completion bash); bind -x '"\\C-x": printf "<<%s>>[%s]\\n" OUT "$READLINE_LINE"; READLINE_LINE='`;
  const out = typed("bash --norc --noprofile -i", setup, [
    "system-manager sw",
    `system-manager switch --flake=${sys.flake}#`,
    `system-manager build --config ${sys.flake}/sys`,
    `system-manager switch --root ${sys.dir}/roo`,
    `system-manager option --root ${sys.root} --flake ${sys.flake} si`,
    `system-manager option --root ${sys.root} --flake ${sys.flake} site.gr`,
    `system-manager option --root ${sys.root} --flake ${sys.flake} environment.etc.\\"my`,
    `system-manager option --root ${sys.root} --flake ${sys.flake} environment.etc.\\"my\\ app/conf\\".te`,
  ], env);
  assert.deepEqual(out, [
    "system-manager switch ",
    `system-manager switch --flake=${sys.flake}#default `,
    `system-manager build --config ${sys.flake}/system.nix `,
    `system-manager switch --root ${sys.dir}/root/`,
    `system-manager option --root ${sys.root} --flake ${sys.flake} site.`,
    `system-manager option --root ${sys.root} --flake ${sys.flake} site.greeting `,
    // A name that needs quoting is written so that the shell passes it on as the option path has it.
    `system-manager option --root ${sys.root} --flake ${sys.flake} environment.etc.\\"my\\ app/conf\\".`,
    `system-manager option --root ${sys.root} --flake ${sys.flake} environment.etc.\\"my\\ app/conf\\".text `,
  ]);
});

test("zsh: the script parses, and sourced in a real interactive zsh it completes commands, flags' values, flake names and option paths", { skip: hasZsh ? false : "zsh is not installed (apt-get install zsh)" }, () => {
  assert.equal(spawnSync("zsh", ["-n"], { input: run("system-manager", ["completion", "zsh"]).stdout }).status, 0);
  const out = zsh("source <(system-manager completion zsh)", [
    "system-manager sw",
    `system-manager switch --flake ${sys.flake}#`,
    `system-manager switch --flake=${sys.flake}#`,
    `system-manager build --config ${sys.flake}/sys`,
    `system-manager option --root ${sys.root} --flake ${sys.flake} si`,
    `system-manager option --root ${sys.root} --flake ${sys.flake} site.gr`,
    `system-manager option --root ${sys.root} --flake ${sys.flake} environment.etc.\\"my`,
  ]);
  // zsh quotes the '#' it inserts; a completed word gets its space, a set of options none.
  assert.deepEqual(out, [
    "system-manager switch ",
    `system-manager switch --flake ${sys.flake}\\#default `,
    `system-manager switch --flake=${sys.flake}\\#default `,
    `system-manager build --config ${sys.flake}/system.nix `,
    `system-manager option --root ${sys.root} --flake ${sys.flake} site.`,
    `system-manager option --root ${sys.root} --flake ${sys.flake} site.greeting `,
    `system-manager option --root ${sys.root} --flake ${sys.flake} environment.etc.\\"my\\ app/conf\\".`,
  ]);
});

test("zsh: installed as _home-manager in $fpath, compinit finds it and it completes home-manager's option paths", { skip: hasZsh ? false : "zsh is not installed (apt-get install zsh)" }, () => {
  const dir = join(sys.dir, "fpath");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "_home-manager"), run("home-manager", ["completion", "zsh"], hmEnv).stdout);
  const out = zsh(`fpath=(${dir} $fpath); compinit -u -D`, ["home-manager rem", `home-manager option --flake ${home.flake}#bob programs.gi`], hmEnv);
  assert.deepEqual(out, ["home-manager remove-generations ", `home-manager option --flake ${home.flake}#bob programs.git.`]);
});

test("the completion cache answers a second Tab, and a changed configuration is evaluated again", () => {
  const cache = join(sys.dir, "cache", "system-manager", "completion");
  rmSync(cache, { recursive: true, force: true });
  const words = ["completion", "--complete", "bash", "--", "option", "--root", sys.root, "--flake", sys.flake, "site."];
  assert.equal(run("system-manager", words).stdout, "words\nsite.greeting\n");
  const entries = readdirSync(cache).filter((f) => f.endsWith(".json"));
  assert.equal(entries.length, 1);
  // An entry's lines are what a hit answers, without evaluating.
  const entry = join(cache, entries[0] as string);
  const kept = JSON.parse(readFileSync(entry, "utf8")) as { lines: string[] };
  writeFileSync(entry, JSON.stringify({ ...kept, lines: ["site.greeting", "site.fromCache"] }));
  assert.equal(run("system-manager", words).stdout, "words\nsite.greeting\nsite.fromCache\n");
  writeFileSync(join(sys.flake, "system.nix"), readFileSync(join(sys.flake, "system.nix"), "utf8").replace("options.site.greeting", `options.site.motd = lib.mkOption { type = lib.types.str; default = ""; };\n  options.site.greeting`));
  assert.equal(run("system-manager", words).stdout, "words\nsite.greeting\nsite.motd\n");
});
