/**
 * A generation's pre-activation assertions (`system-manager.
 * preActivationAssertions`, upstream's): each enabled one's script runs on
 * the host with bash, as upstream runs it (nounset and pipefail, the script
 * in a subshell), before anything is planned or written, in dry runs too:
 * every failing one is reported at once (its exit status, where it was
 * defined, what it printed), and nothing is activated. What a passing one
 * prints is passed on. A --root tree is not this machine: its assertions
 * are not run, and the activation says so (the runner is injected:
 * activation-world.ts).
 */
import { spawn } from "node:child_process";
import { collectedErrors, UserError } from "../diagnostics/user-error.ts";
import type { PreActivationAssertion } from "../build/manifest.ts";

export type AssertionRunner =
  | { readonly available: true; run(script: string): Promise<{ readonly code: number; readonly output: string }> }
  | { readonly available: false; readonly reason: string };

/** The host's bash, for the host itself; unavailable for a --root tree. */
export function bashAssertionRunner(root: string): AssertionRunner {
  if (root !== "/") return { available: false, reason: `the target is --root ${root}, not this machine` };
  return {
    available: true,
    run: (script) =>
      new Promise((resolve, reject) => {
        const child = spawn("/bin/bash", ["-c", `set -o pipefail -u\n(\nset +e\n${script}\n)`], { cwd: "/", stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.on("data", (d: Buffer) => (output += d.toString()));
        child.stderr.on("data", (d: Buffer) => (output += d.toString()));
        child.on("error", reject);
        child.on("close", (code, signal) => resolve({ code: code ?? (signal === null ? 1 : 128), output }));
      }),
  };
}

const indented = (text: string) =>
  text
    .replace(/\n$/, "")
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");

export async function checkPreActivationAssertions(runner: AssertionRunner, assertions: readonly PreActivationAssertion[], log: (line: string) => void): Promise<void> {
  if (assertions.length === 0) return;
  if (!runner.available) {
    log(`pre-activation assertions not run (${runner.reason}): ${assertions.map((a) => a.name).join(", ")}`);
    return;
  }
  const failed: UserError[] = [];
  for (const a of assertions) {
    const r = await runner.run(a.script);
    if (r.code === 0) {
      if (r.output !== "") for (const line of r.output.replace(/\n$/, "").split("\n")) log(line);
      continue;
    }
    const key = /^[A-Za-z_][A-Za-z0-9_'-]*$/.test(a.name) ? a.name : JSON.stringify(a.name);
    const where = `\`system-manager.preActivationAssertions.${key}'${a.definedIn.length === 0 ? "" : `, defined in ${a.definedIn.map((f) => `\`${f}'`).join(", ")}`}`;
    const said = r.output.trim() === "" ? " It printed nothing." : ` Its output:\n${indented(r.output)}`;
    failed.push(new UserError(`Pre-activation assertion ${a.name} failed with exit status ${r.code} (${where}); nothing was activated.${said}`));
  }
  const e = collectedErrors(failed);
  if (e !== undefined) throw e;
}
