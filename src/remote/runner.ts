/**
 * How the remote module runs ssh (and the local tar that feeds it): a
 * `Runner` takes a command line, what to write on its stdin (a text, then
 * optionally the stdout of a local producer such as `tar -c`, which is
 * given its own stdin text), and where its output goes as it comes; it
 * resolves with the exit status and all it printed. Injected, so tests
 * see the exact command lines; `processRunner` is the real one.
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { UserError } from "../diagnostics/user-error.ts";

export interface Producer {
  readonly argv: readonly string[];
  /** Written to the producer's stdin (tar's -T - list). */
  readonly input: string;
  /** Written after its output, only when it exits 0: how the reader knows the stream is whole and good. */
  readonly trailer?: string;
}

export interface Command {
  readonly argv: readonly string[];
  /** Written to stdin first. */
  readonly input?: string;
  /** Its stdout follows `input` on stdin. */
  readonly from?: Producer;
  /** Called with output as it comes (else only collected). */
  readonly onStdout?: (text: string) => void;
  readonly onStderr?: (text: string) => void;
}

export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The producer's exit status and what it printed on stderr, when there was one. */
  readonly producer?: { readonly code: number; readonly stderr: string };
}

export type Runner = (command: Command) => Promise<Outcome>;

function statusOf(code: number | null, signal: NodeJS.Signals | null): number {
  return code ?? 128 + (signal === null ? 1 : constants.signals[signal]);
}

export const processRunner: Runner = (command) =>
  new Promise((resolve, reject) => {
    const [bin, ...args] = command.argv as [string, ...string[]];
    const child = spawn(bin, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (t: string) => void ((stdout += t), command.onStdout?.(t)));
    child.stderr.setEncoding("utf8").on("data", (t: string) => void ((stderr += t), command.onStderr?.(t)));
    // The remote end may stop reading (a failed sudo): its exit status says why, not EPIPE.
    child.stdin.on("error", () => {});
    let producer: Promise<{ code: number; stderr: string }> | undefined;
    let feeding: ReturnType<typeof spawn> | undefined;
    if (command.input !== undefined) child.stdin.write(command.input);
    if (command.from === undefined) child.stdin.end();
    else {
      const [pbin, ...pargs] = command.from.argv as [string, ...string[]];
      const p = spawn(pbin, pargs, { stdio: ["pipe", "pipe", "pipe"] });
      feeding = p;
      p.stdin.on("error", () => {});
      p.stdin.end(command.from.input);
      let perr = "";
      p.stderr.setEncoding("utf8").on("data", (t: string) => void (perr += t));
      p.stdout.pipe(child.stdin, { end: false });
      const trailer = command.from.trailer ?? "";
      producer = new Promise((res, rej) => {
        p.once("error", (e) => rej(new UserError(`Cannot run ${pbin}: ${e.message}`)));
        p.once("close", (code, signal) => {
          const status = statusOf(code, signal);
          child.stdin.end(status === 0 ? trailer : "");
          res({ code: status, stderr: perr });
        });
      });
    }
    const pass = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGTERM", pass).on("SIGHUP", pass);
    child.once("error", (e) => reject(new UserError(`Cannot run ${bin}: ${e.message}`)));
    child.once("close", (code, signal) => {
      process.off("SIGTERM", pass).off("SIGHUP", pass);
      // A producer whose reader is gone would block on a full pipe.
      if (feeding !== undefined && feeding.exitCode === null && feeding.signalCode === null) feeding.kill("SIGTERM");
      const done = { code: statusOf(code, signal), stdout, stderr };
      if (producer === undefined) resolve(done);
      else producer.then((p) => resolve({ ...done, producer: p }), reject);
    });
  });
