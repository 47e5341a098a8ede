/**
 * The tools' solutions, computed alongside the first package's: a session
 * whose lock pins no tools yet (a first build, or a lock re-pinned to
 * another archive) resolves its first Debian package and then, at once,
 * patchelf in the same archive. The two apt-get runs are independent, so
 * they run together (AptRoot.aptTogether) and take the time of one; the
 * tool's run is kept until resolveTool asks for it.
 */
import { TOOL_NAMES } from "../lock.ts";
import type { RunResult } from "../run.ts";
import type { AptRoot } from "./apt-root.ts";
import { solveArgs } from "./resolve.ts";

export class ToolPresolve {
  readonly #solved = new Map<string, RunResult>();
  #pending: boolean;

  /** `pending`: whether the tools are yet to be pinned. */
  constructor(pending: boolean) {
    this.#pending = pending;
  }

  /**
   * The apt-get run solving `pkg` in `apt` if it was made already, or is
   * made now with the tools' (the first time, in `own`, the archive the
   * tools are pinned in); undefined when `pkg` is to be solved alone.
   */
  take(apt: AptRoot, pkg: string, own: AptRoot): RunResult | undefined {
    const key = `${apt.dir}\n${pkg}`;
    const done = this.#solved.get(key);
    this.#solved.delete(key);
    if (done !== undefined || !this.#pending || apt.dir !== own.dir) return done;
    this.#pending = false;
    const tools = TOOL_NAMES.filter((t) => t !== pkg);
    const [first, ...theirs] = apt.aptTogether("apt-get", [pkg, ...tools].map(solveArgs));
    tools.forEach((t, i) => this.#solved.set(`${apt.dir}\n${t}`, theirs[i] as RunResult));
    return first;
  }
}
