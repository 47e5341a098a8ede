/**
 * Runs Nix's own language tests (NixOS/nix tests/functional/lang, from a
 * local copy) the way its lang.sh runs them, and says of each case
 * whether we pass: an eval-okay case must print exactly its .exp (values
 * printed strictly, the test directory's parent shown as /pwd); an
 * eval-fail or parse-fail case must end in a clean error with a location;
 * an eval-okay case whose .err.exp holds only traces must trace those lines.
 * Cases with a .flags file or an XML expectation run through our CLI
 * (`system-manager eval … --strict` with the flags); the rest are
 * evaluated here, in the large-stack worker that calls `runUpstreamLang`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createBuiltins } from "../../src/nix/builtins/index.ts";
import { decodeBytes } from "../../src/nix/byte-string.ts";
import { UserError, UserErrors } from "../../src/diagnostics/user-error.ts";
import { Evaluator } from "../../src/nix/eval/evaluator.ts";
import { nodeIO } from "../../src/nix/io.ts";
import { printValue } from "../../src/nix/print-value.ts";

export interface LangOutcome {
  readonly name: string;
  readonly pass: boolean;
  /** What went wrong, for the failure message. */
  readonly detail: string;
}

const CLI = join(import.meta.dirname, "../../bin/system-manager.js");
/** Flags nix-instantiate takes that our `eval` has no use for (it always evaluates; traces are always shown). */
const IGNORED_FLAGS = new Set(["--eval", "--strict", "--show-trace", "--no-show-trace"]);

function flagsOf(base: string): string[] | undefined {
  if (!existsSync(`${base}.flags`)) return undefined;
  const text = readFileSync(`${base}.flags`, "utf8").replace(/#.*/g, "");
  return text.split(/\s+/).filter((f) => f !== "" && !IGNORED_FLAGS.has(f));
}

function located(e: unknown): boolean {
  const first = e instanceof UserErrors ? e.errors[0] : e;
  return first instanceof UserError && first.location !== undefined;
}

/** The traces an eval-okay case's .err.exp expects, when that is all it holds. */
function tracesOf(base: string): string | undefined {
  if (!existsSync(`${base}.err.exp`)) return undefined;
  const text = readFileSync(`${base}.err.exp`, "utf8").replace(/\n$/, "");
  return text !== "" && text.split("\n").every((l) => l.startsWith("trace: ")) ? text : undefined;
}

function inProcess(kind: string, file: string, exp: string | undefined, traceExp: string | undefined, pwd: string): true | string {
  const traces: string[] = [];
  const ev = new Evaluator({ io: nodeIO, pure: false, currentSystem: "x86_64-linux", createBuiltins, trace: (m) => traces.push(`trace: ${m}`), warn: () => {} });
  try {
    const printed = printValue(ev.evalSource(decodeBytes(readFileSync(file)), file, dirname(file)), { strict: true }).replaceAll(pwd, "/pwd");
    if (kind !== "eval-okay") return `evaluated to ${printed.slice(0, 200)}`;
    const traced = traces.join("\n").replaceAll(pwd, "/pwd");
    if (traceExp !== undefined && traced !== traceExp) return `traced ${traced.slice(0, 300)}\nexpected ${traceExp.slice(0, 300)}`;
    return printed === exp ? true : `printed ${printed.slice(0, 300)}\nexpected ${exp?.slice(0, 300)}`;
  } catch (e) {
    if (!(e instanceof UserError)) return `internal error: ${(e as Error)?.stack ?? String(e)}`;
    if (kind === "eval-okay") return `failed: ${e.message.slice(0, 300)}`;
    return located(e) ? true : `error without a location: ${e.message.slice(0, 300)}`;
  }
}

function throughCli(kind: string, file: string, flags: readonly string[], exp: string | undefined, xml: boolean, pwd: string): true | string {
  const args = [CLI, "eval", "--file", file, "--strict", "--impure", ...(xml ? ["--xml"] : []), ...flags];
  const r = spawnSync(process.execPath, args, { cwd: pwd, encoding: "utf8", env: { ...process.env } });
  const out = r.stdout.replaceAll(pwd, "/pwd").replace(/\n$/, "");
  if (kind === "eval-okay") return r.status === 0 && out === exp ? true : `exit ${r.status}: ${(r.status === 0 ? out : r.stderr).slice(0, 300)}\nexpected ${exp?.slice(0, 300)}`;
  if (r.status !== 1) return `exit ${r.status}: ${out.slice(0, 200)}`;
  return /^error: /.test(r.stderr) && /\n\s+at \S+:\d+:\d+/.test(r.stderr) && !r.stderr.includes("internal error") ? true : `not a located error: ${r.stderr.slice(0, 300)}`;
}

/** Every eval-okay, eval-fail and parse-fail case under `langDir` (upstream's disabled cases left out), with whether we pass it. */
export function runUpstreamLang(langDir: string): LangOutcome[] {
  const pwd = dirname(langDir);
  Object.assign(process.env, { TEST_VAR: "foo", HOME: "/fake-home", NIX_PATH: "lang/dir3:lang/dir4", NIX_STORE_DIR: "/nix/store" });
  const names = readdirSync(langDir).filter((f) => /^(eval-okay|eval-fail|parse-fail)-.*\.nix$/.test(f)).sort();
  const out: LangOutcome[] = [];
  for (const name of names) {
    const base = join(langDir, name.replace(/\.nix$/, ""));
    const kind = name.slice(0, name.indexOf("-", 5));
    if (existsSync(`${base}.exp-disabled`)) continue;
    const xml = kind === "eval-okay" && existsSync(`${base}.exp.xml`);
    const expFile = xml ? `${base}.exp.xml` : `${base}.exp`;
    const exp = kind === "eval-okay" && existsSync(expFile) ? readFileSync(expFile, "utf8").replace(/\n$/, "") : undefined;
    if (kind === "eval-okay" && exp === undefined) continue;
    const flags = flagsOf(base);
    const result = flags !== undefined || xml ? throughCli(kind, `${base}.nix`, flags ?? [], exp, xml, pwd) : inProcess(kind, `${base}.nix`, exp, kind === "eval-okay" ? tracesOf(base) : undefined, pwd);
    out.push({ name: name.replace(/\.nix$/, ""), pass: result === true, detail: result === true ? "" : result });
  }
  return out;
}
