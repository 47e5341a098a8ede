/**
 * The checks /etc files must pass before they are put in place
 * (environment.etc.<name>.validate): each is run with the host's own
 * program (the one that will read the file: visudo for sudoers, sshd -t
 * for sshd_config), found under the root, on the generation's copy of the
 * file, before activation plans or writes anything; a dry run runs them
 * too. A rejected file, or a program the host lacks, stops the
 * activation with the program's own words, the file, and the options that
 * made it. Running a check reads; it never writes. The program runs as
 * us, so it is run only when no one else could have replaced it
 * (trust-check.ts).
 */
import { spawn } from "node:child_process";
import { UserError, UserErrors } from "../diagnostics/user-error.ts";
import type { EtcEntry } from "../build/manifest.ts";
import type { RootFs } from "./root-fs.ts";
import { untrustedProgram } from "./trust-check.ts";

/** How long a check may take before it is killed and counted as failed. */
const CHECK_TIMEOUT_MS = 60_000;

export interface CheckRun {
  /** The exit status, or null when the program could not be run or was killed. */
  readonly code: number | null;
  /** Its standard output and error, as it wrote them. */
  readonly output: string;
}

/** Runs `argv` (argv[0]: a host path) with a plain environment, collecting what it prints. */
export function runCheck(argv: readonly string[]): Promise<CheckRun> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const child = spawn(argv[0] as string, argv.slice(1), {
      stdio: ["ignore", "pipe", "pipe"],
      env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C" },
      timeout: CHECK_TIMEOUT_MS,
    });
    child.stdout.on("data", (d: Buffer) => chunks.push(d));
    child.stderr.on("data", (d: Buffer) => chunks.push(d));
    child.on("error", (e) => resolve({ code: null, output: e.message }));
    child.on("close", (code, signal) => {
      const output = Buffer.concat(chunks).toString("utf8");
      resolve({ code, output: signal === null ? output : `${output}killed by ${signal} after ${CHECK_TIMEOUT_MS / 1000} s` });
    });
  });
}

function madeBy(origins: readonly string[]): string {
  return origins.length === 0 ? "" : `\nIt is made by ${origins.join(", ")}.`;
}

/** Runs every entry's check; throws (one UserError, or UserErrors) when any fails. */
export async function validateEtcFiles(fs: RootFs, storePath: string, etc: readonly EtcEntry[]): Promise<void> {
  const errors: UserError[] = [];
  for (const e of etc) {
    if (e.validate === undefined) continue;
    const target = `/etc/${e.target}`;
    const [program, ...args] = e.validate.command;
    const file = `${storePath}/${e.source}`;
    const shown = [program, ...args].join(" ");
    const fail = (why: string) => errors.push(new UserError(`Cannot put ${target} in place: ${why}${madeBy(e.validate?.origins ?? [])}\nNothing was changed.`));
    if (program === undefined || !program.startsWith("/")) {
      fail(`its check ${JSON.stringify(e.validate.command)} does not start with the absolute path of a program`);
      continue;
    }
    const kind = fs.entry(program).kind;
    if (kind !== "file" && kind !== "symlink") {
      fail(`it must first pass \`${shown}', and ${program} is not on this host (install the package that provides it)`);
      continue;
    }
    const untrusted = untrustedProgram(fs.root, program);
    if (untrusted !== undefined) {
      fail(`its check \`${shown}' would run a program someone other than root and the user running system-manager could replace, ${untrusted}`);
      continue;
    }
    if (fs.entry(file).kind !== "file") {
      fail(`its check \`${shown}' needs a regular file, and ${file} is not one`);
      continue;
    }
    const hostFile = fs.hostPath(file);
    const r = await runCheck([fs.hostPath(program), ...args.map((a) => a.replaceAll("%s", hostFile))]);
    if (r.code === 0) continue;
    const said = r.output.trimEnd().replace(/^/gm, "  ");
    fail(`\`${shown}' (with %s = ${file}) rejected it (${r.code === null ? "it did not finish" : `exit status ${r.code}`}):\n${said}`);
  }
  if (errors.length > 0) throw errors.length === 1 ? errors[0] : new UserErrors(errors);
}
