/**
 * Whether a process is a zombie: it has exited (killed with SIGKILL, say)
 * and waits for its parent, or init for an orphan, to reap it. Until then
 * kill(pid, 0) and /proc/<pid>/stat still find it, but it runs no code and
 * holds no lock, so whoever judges a lock or a temporary by its writer's
 * pid takes it for gone.
 */
import { readFileSync } from "node:fs";

export function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "latin1");
  } catch {
    return false;
  }
  // The command name (field 2) is in parentheses and may hold spaces or parentheses itself; the state follows.
  return /^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
}
