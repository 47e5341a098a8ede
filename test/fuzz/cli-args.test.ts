/**
 * Fuzzing the command lines: random argument vectors (options of every
 * command, `--opt=value` forms, short flags, `--`, empty, huge and odd
 * strings, mutated Nix for `eval --expr`) go to the argument parser with
 * the commands' option tables, to `system-manager` for the commands that
 * only read (help, --version, eval, unknown ones) and to `home-manager`
 * with a scratch HOME. Each must end in a result or a user error (exit
 * 0 or 1), never an internal error (exit 70), within 10 s. The default
 * run is short and fixed; FUZZ_RUNS=N and FUZZ_SEED=S change it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCommandArgs } from "../../src/cli/parse-args.ts";
import { main } from "../../src/cli/main.ts";
import { main as homeManager } from "../../src/cli/home-manager-main.ts";
import { UserError } from "../../src/diagnostics/user-error.ts";
import { int, mutate, pick, random, type Rng } from "./mutate.ts";
import { NO_GITHUB } from "../helpers/no-network.ts";

const repo = join(import.meta.dirname, "../..");
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const CAP_MS = 10_000;

const STR = { type: "string" } as const;
const BOOL = { type: "boolean" } as const;
/** The option tables of the commands (as their files declare them). */
const LOCK = { "update-input": { type: "string", multiple: true }, offline: BOOL, refresh: BOOL, "no-write-lock-file": BOOL, "recreate-lock-file": BOOL } as const;
const TABLES = {
  build: { ...LOCK, config: STR, flake: STR, impure: BOOL, root: { type: "string", default: "/" }, help: { type: "boolean", short: "h" } },
  switch: { ...LOCK, config: STR, flake: STR, impure: BOOL, generation: STR, root: { type: "string", default: "/" }, "dry-run": BOOL, sudo: BOOL, help: { type: "boolean", short: "h" } },
  eval: { ...LOCK, root: { type: "string", default: "/" }, expr: STR, file: STR, flake: STR, json: BOOL, strict: BOOL, impure: BOOL, help: { type: "boolean", short: "h" } },
  "flake lock": { ...LOCK, flake: STR, root: { type: "string", default: "/" }, impure: BOOL, help: { type: "boolean", short: "h" } },
  "home-manager build": { ...LOCK, config: STR, flake: STR, impure: BOOL, backup: { type: "string", short: "b" } },
} as const;

const flakeDir = mkdtempSync(join(tmpdir(), "sm-fuzz-flake-"));
cpSync(join(repo, "examples/home-manager/flake.nix"), join(flakeDir, "flake.nix"));
const seedFlake = readFileSync(join(flakeDir, "flake.nix"), "utf8");
const exprFile = join(mkdtempSync(join(tmpdir(), "sm-fuzz-file-")), "x.nix");
writeFileSync(exprFile, "{ a = 1; b = [ true null ]; }\n");

const OPTIONS = ["--offline", "--refresh", "--no-write-lock-file", "--override-input", "--update-input", "--config", "--flake", "--root", "--dry-run", "--sudo", "--generation", "--expr", "--file", "--json", "--strict", "--help", "-h", "-b", "--backup", "--", "-", "--=", "--flake=", "-x", "--no-json", "--version", "-hh", "--json=yes"];
const VALUES = ["", " ", "x", ".", "#", "#a.b", `${flakeDir}#systemConfigs.default.config.users.users.alice.uid`, `${flakeDir}#"quoted.x"`, `${flakeDir}#systemConfigs.default.config.home-manager.users.alice.programs.git`, exprFile, "1", "-1", "0", "99999999999999999999", "nan", "é", "\u0000", "a\nb", "x".repeat(5000), "../../..", "{", '"${'];

function argv(rng: Rng, commands: readonly string[]): string[] {
  const out = [pick(rng, commands)];
  for (let n = int(rng, 6); n > 0; n--) {
    const r = rng();
    if (r < 0.5) out.push(pick(rng, OPTIONS));
    else if (r < 0.8) out.push(pick(rng, VALUES));
    else if (r < 0.9) out.push(`${pick(rng, OPTIONS)}=${pick(rng, VALUES)}`);
    else out.push(mutate(rng, "{ a = 1 + 2; b = \"x${toString 3}\"; c = [ (x: x) ]; }", seedFlake).slice(0, 2000));
  }
  return out;
}

function io(cwd: string, env: Record<string, string> = {}) {
  const r = { out: "", err: "", stdout: (t: string) => void (r.out += t), stderr: (t: string) => void (r.err += t), env: { SYSTEM_MANAGER_PACKAGES: "off", ...NO_GITHUB, ...env }, cwd };
  return r;
}

test(`the argument parser: ${RUNS * 4} random argument vectors give values or user errors (seed ${SEED})`, () => {
  const rng = random(SEED);
  const findings: string[] = [];
  for (let i = 0; i < RUNS * 4; i++) {
    const [name, table] = pick(rng, Object.entries(TABLES));
    const args = argv(rng, [""]).slice(1);
    try {
      parseCommandArgs(name, args, table, int(rng, 3), name.startsWith("home-manager") ? "home-manager" : "system-manager");
    } catch (e) {
      if (!(e instanceof UserError)) findings.push(`${name} ${JSON.stringify(args)}: ${(e as Error)?.stack ?? String(e)}`);
    }
  }
  assert.deepEqual(findings, []);
});

test(`system-manager and home-manager: ${RUNS} random command lines end in exit 0 or 1 (seed ${SEED})`, async () => {
  const rng = random(SEED + 1);
  const home = mkdtempSync(join(tmpdir(), "sm-fuzz-home-"));
  const findings: string[] = [];
  const exits = new Map<number, number>();
  for (let i = 0; i < RUNS; i++) {
    const hm = rng() < 0.25;
    const args = hm ? argv(rng, ["help", "generations", "rollback", "remove-generations", "nope", "--help", ""]) : argv(rng, ["eval", "eval", "eval", "help", "--help", "-h", "--version", "nope", "", "EVAL"]);
    const x = io(hm ? home : flakeDir, hm ? { HOME: home, USER: "fuzz", XDG_CACHE_HOME: home } : { XDG_CACHE_HOME: home });
    const start = Date.now();
    let code: number;
    try {
      code = hm ? await homeManager(args, x) : await main(args, x);
    } catch (e) {
      findings.push(`${JSON.stringify(args)} threw ${(e as Error)?.stack ?? String(e)}`);
      continue;
    }
    const took = Date.now() - start;
    exits.set(code, (exits.get(code) ?? 0) + 1);
    if (code !== 0 && code !== 1) findings.push(`${hm ? "home-manager" : "system-manager"} ${JSON.stringify(args).slice(0, 500)}: exit ${code}\n${x.err.slice(0, 2000)}`);
    if (took > CAP_MS) findings.push(`${JSON.stringify(args).slice(0, 500)}: took ${took} ms`);
  }
  assert.deepEqual(findings, [], findings.join("\n\n"));
  assert.ok((exits.get(0) ?? 0) > 0 && (exits.get(1) ?? 0) > 0, `exits: ${JSON.stringify([...exits])}`);
});
