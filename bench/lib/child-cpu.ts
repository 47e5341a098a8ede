/**
 * The CPU time (user + system) of this process's finished children, from
 * /proc/self/stat (cutime + cstime): around a spawnSync, the difference is
 * what the child and the children it waited for spent. On a machine where
 * other work runs at the same time this says more than wall time does.
 * Undefined where /proc is not there.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

let ticks: number | undefined;

function clockTicks(): number {
  if (ticks === undefined) {
    const n = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout);
    ticks = Number.isFinite(n) && n > 0 ? n : 100;
  }
  return ticks;
}

/** Milliseconds of CPU the finished children have used so far, or undefined without /proc. */
export function childrenCpuMs(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync("/proc/self/stat", "utf8");
  } catch {
    return undefined;
  }
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const cutime = Number(fields[13]);
  const cstime = Number(fields[14]);
  return ((cutime + cstime) * 1000) / clockTicks();
}
