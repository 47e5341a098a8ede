/**
 * What HEALTH_SCRIPT's answer (remote-scripts.ts) means for a host:
 * systemd "running" is healthy; "degraded" is healthy unless a unit the
 * switch changed is among the failed (a unit failing before, and left
 * alone, is the host's own business: noted, not a failure); any other
 * state, a changed unit that failed or keeps restarting, or the host's
 * own check exiting non-zero, is a failure, every reason given.
 */
import type { Health } from "./fleet-transport.ts";

export function healthOf(stdout: string, check: string | undefined): Health {
  const lines = stdout.split("\n");
  if (!lines.includes("end")) return { ok: false, reason: `the health check did not finish: ${stdout.trim().split("\n").pop() ?? ""}` };
  const state = lines.find((l) => l.startsWith("state "))?.slice("state ".length) ?? "";
  const failed = lines.filter((l) => l.startsWith("failed ")).map((l) => l.slice("failed ".length));
  const restarting = lines.filter((l) => l.startsWith("restarting ")).map((l) => l.slice("restarting ".length));
  const code = lines.find((l) => l.startsWith("check "))?.slice("check ".length);
  const said = lines.filter((l) => l.startsWith("said ")).map((l) => l.slice("said ".length)).join(" / ");
  const reasons: string[] = [];
  if (failed.length > 0) reasons.push(`${failed.join(", ")} failed`);
  if (restarting.length > 0) reasons.push(`${restarting.join(", ")} keep${restarting.length === 1 ? "s" : ""} restarting`);
  if (state !== "running" && state !== "degraded") reasons.push(`systemd says the system is ${state === "" ? "in an unknown state" : `'${state}'`}`);
  if (code !== undefined && code !== "0") reasons.push(`'${check ?? ""}' exited with status ${code}${said === "" ? "" : `: ${said}`}`);
  if (reasons.length > 0) return { ok: false, reason: reasons.join("; ") };
  return state === "degraded" ? { ok: true, note: "systemd degraded by units this deploy did not change" } : { ok: true };
}
