/**
 * The job scripts of the service options (`script`, `preStart`, …):
 * written by the build, so they live in src/build/systemd/job-script.ts,
 * which the activation's bundle can load without the option modules.
 */
export { jobScript, JOB_PHASES, SCRIPTS_DIR, type JobPhase, type JobScript } from "../../../build/systemd/job-script.ts";
