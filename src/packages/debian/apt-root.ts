/**
 * A private apt root: apt's configuration, sources, package lists and an
 * *empty* dpkg status under the target's state directory, so apt's own
 * solver computes full closures as on an empty system and downloads with
 * apt's signature and hash checks, while the host's apt configuration,
 * lists and dpkg state are never read or written. One root per (arch,
 * sources), so locks pinning different archives do not fight. The lists
 * are kept uncompressed, as apt's default is (Acquire::GzipIndexes stores
 * them as lz4, which every solve, `apt-cache show` and download then
 * decompresses again: a seventh of a solve's time); lists fetched before
 * stay as they are until they change.
 */
import { createHash } from "node:crypto";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../../diagnostics/user-error.ts";
import type { AptSource } from "../lock.ts";
import { limit, runSync, tail, timedOut, TIMEOUTS, type RunResult } from "../run.ts";
import { renderSources } from "./sources.ts";

export const APT_STATE_DIR = "/var/lib/system-manager/apt";
const UPDATED = "lists-updated";

export class AptRoot {
  readonly dir: string;
  readonly arch: string;
  readonly sources: readonly AptSource[];
  #names: Set<string> | undefined;

  constructor(root: string, arch: string, sources: readonly AptSource[]) {
    const id = createHash("sha256").update(JSON.stringify([arch, sources])).digest("hex").slice(0, 16);
    this.dir = join(root, APT_STATE_DIR, `${arch}-${id}`);
    this.arch = arch;
    this.sources = sources;
  }

  get env(): Record<string, string> {
    return { APT_CONFIG: join(this.dir, "apt.conf") };
  }

  /** A description of the sources for messages: "http://deb.debian.org/debian bookworm bookworm-updates". */
  describe(): string {
    return this.sources.map((s) => `${s.uri} ${s.suites.join(" ")}`).join(", ");
  }

  /** Creates the directories and configuration (idempotent). */
  prepare(): void {
    for (const d of ["etc/apt/apt.conf.d", "etc/apt/preferences.d", "etc/apt/sources.list.d", "etc/apt/trusted.gpg.d", "var/lib/apt/lists/partial", "var/cache/apt/archives/partial", "var/lib/dpkg"]) {
      mkdirSync(join(this.dir, d), { recursive: true, mode: 0o755 });
    }
    const status = join(this.dir, "var/lib/dpkg/status");
    if (!existsSync(status)) writeFileSync(status, "");
    const conf = [
      `Dir "${this.dir}/";`,
      `Dir::State::status "${status}";`,
      `Dir::Cache::srcpkgcache "";`,
      `APT::Architecture "${this.arch}";`,
      `APT::Architectures { "${this.arch}"; };`,
      `APT::Install-Recommends "false";`,
      `APT::Install-Suggests "false";`,
      `Acquire::Languages "none";`,
      `Acquire::Retries "1";`,
      `Acquire::CompressionTypes::Order:: "gz";`,
      `Acquire::AllowInsecureRepositories "false";`,
      "",
    ].join("\n");
    writeIfChanged(join(this.dir, "apt.conf"), conf);
    writeIfChanged(join(this.dir, "etc/apt/sources.list.d/system-manager.sources"), renderSources(this.sources));
    allowApt(join(this.dir, "var/lib/apt/lists/partial"));
  }

  /** Milliseconds since the lists were last fetched, or undefined when they never were. */
  listsAge(now = Date.now()): number | undefined {
    try {
      return now - statSync(join(this.dir, UPDATED)).mtimeMs;
    } catch {
      return undefined;
    }
  }

  /** `apt-get update` in this root; any failed or unsigned index is an error (apt itself only warns for some). */
  update(): void {
    this.prepare();
    const r = runSync("apt-get", ["-q", "update"], { env: this.env, timeoutMs: TIMEOUTS.download });
    const problems = (r.stdout + "\n" + r.stderr).split("\n").filter((l) => /^(E:|W: (Failed to fetch|Some index files|GPG error|The repository|An error occurred))|^Err:/.test(l));
    if (r.status !== 0 || problems.length > 0) {
      throw new UserError(`Cannot fetch the package lists of ${this.describe()}:\n${problems.length > 0 ? problems.slice(0, 8).join("\n") : tail(r)}`);
    }
    writeFileSync(join(this.dir, UPDATED), new Date().toISOString() + "\n");
    this.#names = undefined;
  }

  /** Every package name the lists know (empty before the first update). */
  packageNames(): ReadonlySet<string> {
    if (this.#names === undefined) {
      const r = this.listsAge() === undefined ? undefined : this.apt("apt-cache", ["pkgnames"]);
      this.#names = new Set(r !== undefined && r.status === 0 ? r.stdout.split("\n").filter((n) => n !== "") : []);
    }
    return this.#names;
  }

  apt(command: "apt-get" | "apt-cache", args: readonly string[], cwd?: string): RunResult {
    return runSync(command, ["-q", ...args], { env: this.env, cwd, timeoutMs: TIMEOUTS.query });
  }

  /**
   * `apt(command, args)` for each of `argsList`, run together (one process
   * each), the results in order. Each runs under coreutils' `timeout`, so
   * that one past its limit is killed itself, not only the shell that
   * started it (runSync can kill just the process it spawned).
   */
  aptTogether(command: "apt-get" | "apt-cache", argsList: readonly (readonly string[])[]): RunResult[] {
    if (argsList.length === 1) return [this.apt(command, argsList[0] as readonly string[])];
    const dir = mkdtempSync(join(tmpdir(), "sm-apt-together-"));
    try {
      const ms = limit({ timeoutMs: TIMEOUTS.query });
      const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
      const jobs = argsList.map((args, i) => `(${["timeout", "-s", "KILL", `${ms / 1000}`, command, "-q", ...args].map(quote).join(" ")} >${i}.out 2>${i}.err; echo $? >${i}.status) &`);
      const label = argsList.map((args) => `${command} ${args.join(" ")}`).join(", ");
      const r = runSync("sh", ["-c", `${jobs.join("\n")}\nwait`], { env: this.env, cwd: dir, timeoutMs: ms + 10_000, label });
      if (r.status !== 0) return argsList.map(() => r);
      const read = (name: string) => readFileSync(join(dir, name), "utf8");
      return argsList.map((args, i) => {
        const status = Number(read(`${i}.status`).trim());
        if (status === 128 + 9) throw timedOut(command, ["-q", ...args], {}, ms);
        return { status, stdout: read(`${i}.out`), stderr: read(`${i}.err`) };
      });
    } finally {
      // A job stopped at its limit may still be writing here while the directory goes: what is left is a temporary
      // directory, and must not take the place of the commands' own result or error.
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
      } catch {
        // Left in the temporary directory.
      }
    }
  }
}

function writeIfChanged(path: string, text: string): void {
  if (existsSync(path) && readFileSync(path, "utf8") === text) return;
  writeFileSync(path, text);
}

/** apt downloads as the unprivileged `_apt` user when run as root: give it the directory it writes into. */
export function allowApt(dir: string): void {
  if (process.getuid?.() !== 0) return;
  const uid = aptUid();
  if (uid !== undefined) chownSync(dir, uid, 0);
}

let cachedAptUid: number | null | undefined;
function aptUid(): number | undefined {
  if (cachedAptUid === undefined) {
    const line = readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith("_apt:"));
    cachedAptUid = line === undefined ? null : Number(line.split(":")[2]);
  }
  return cachedAptUid ?? undefined;
}
