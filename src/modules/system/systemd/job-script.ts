/**
 * The job scripts of the service options (`script`, `preStart`,
 * `postStart`): written by the build, so they live in
 * src/build/systemd/job-script.ts, which the activation's bundle can load
 * without the option modules.
 */
export { jobScript, SCRIPTS_DIR, type JobScript } from "../../../build/systemd/job-script.ts";
