/**
 * The options of `systemd.services.<name>` beyond the common unit options,
 * with NixOS's names, types and defaults. As in NixOS, `path` becomes the
 * service's PATH (each entry's bin/ and sbin/, then the host's standard
 * directories, where Debian keeps coreutils, grep, sed and systemd), and
 * `preStart`/`script`/`postStart`/`reload`/`preStop`/`postStop` become
 * ExecStartPre/ExecStart (followed by `scriptArgs`)/ExecStartPost/
 * ExecReload/ExecStop/ExecStopPost job scripts.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { JOB_PHASES, jobScript, type JobPhase } from "./job-script.ts";
import { nixToString, T } from "./unit-options.ts";

const { mkOption, mkIf, types } = lib;

/** systemd's own default PATH for services, kept after the `path` entries. */
export const HOST_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

const S = {
  environment: types.attrsOf(types.nullOr(types.oneOf([types.str, types.path, types.package]))),
  path: types.listOf(types.oneOf([types.package, types.str])),
  startAt: types.either(types.str, types.listOf(types.str)),
};

/** The bin/ (or sbin/) directory of a package or a path; packages with a `bin` output use it, as getBin does. */
function dirOf(p: unknown, sub: "bin" | "sbin"): string {
  const out = typeof p === "object" && p !== null && "bin" in p ? (p as { bin: unknown }).bin : p;
  return `${nixToString(out)}/${sub}`;
}

export function servicePath(path: readonly unknown[]): string {
  return [...path.map((p) => dirOf(p, "bin")), ...path.map((p) => dirOf(p, "sbin")), HOST_PATH].join(":");
}

interface ServiceCfg {
  path: unknown[];
  script: string;
  scriptArgs: string;
  preStart: string;
  postStart: string;
  reload: string;
  preStop: string;
  postStop: string;
}

const bool = (dflt: boolean, description: string) => mkOption({ type: types.bool, default: dflt, description });
const lines = (description: string) => mkOption({ type: types.lines, default: "", description });

export const serviceModule = ({ name, config }: { name: string; config: ServiceCfg }) => {
  const script = (text: () => string, phase: JobPhase, value: (path: string) => unknown) => mkIf(() => text() !== "", lib.lazy(() => value(jobScript(name, phase, text()).path)));
  return {
    options: {
      environment: mkOption({ type: S.environment, default: {}, example: { TZ: "CET" }, description: "Environment variables of the service's processes." }),
      path: mkOption({
        type: S.path,
        default: [],
        description: "Packages (or directories) whose bin/ and sbin/ come first in the service's PATH, before the host's standard directories.",
      }),
      script: lines("Shell commands run as the service's main process (`ExecStart=`)."),
      scriptArgs: mkOption({ type: types.str, default: "", example: "%i", description: "Arguments passed to the main process script (systemd expands `%` specifiers in them)." }),
      preStart: lines("Shell commands run before the main process (`ExecStartPre=`)."),
      postStart: lines("Shell commands run after the main process has started (`ExecStartPost=`)."),
      reload: lines("Shell commands run when the service is reloaded (`ExecReload=`)."),
      preStop: lines("Shell commands run to stop the service (`ExecStop=`)."),
      postStop: lines("Shell commands run after the main process has exited (`ExecStopPost=`)."),
      jobScripts: mkOption({ type: types.listOf(types.str), default: [], internal: true, description: "The paths of this unit's job scripts (made from the script options)." }),
      enableStrictShellChecks: mkOption({
        type: types.bool,
        default: false,
        description: "NixOS runs shellcheck on the job scripts when set. Accepted; system-manager does not run shellcheck, and says so with a warning.",
      }),
      serviceConfig: mkOption({ type: T.section, default: {}, example: { Type: "oneshot", RemainAfterExit: true }, description: "Settings of the `[Service]` section." }),
      restartIfChanged: bool(true, "Whether the service is restarted on switch when its unit changed (false writes `X-RestartIfChanged=false`)."),
      reloadIfChanged: bool(false, "Whether the service is reloaded instead of restarted on switch when its unit changed (`X-ReloadIfChanged=true`); `reloadTriggers` is the finer way."),
      stopIfChanged: bool(
        true,
        "Whether a changed service is stopped before /etc is switched and started afterwards, rather than restarted at the end (false writes `X-StopIfChanged=false`).",
      ),
      notSocketActivated: bool(false, "Whether switch restarts the changed service itself rather than its sockets, even when it has some (`X-NotSocketActivated=true`)."),
      startAt: mkOption({
        type: S.startAt,
        default: [],
        example: "Sun 14:00:00",
        description: "When to start the service, as systemd calendar events: makes a timer `<name>.timer` wanted by `timers.target`.",
      }),
    },
    config: {
      jobScripts: lib.lazy(() => Object.entries(JOB_PHASES).flatMap(([opt, phase]) => (config[opt as keyof typeof JOB_PHASES] === "" ? [] : [jobScript(name, phase, config[opt as keyof typeof JOB_PHASES]).path]))),
      environment: { PATH: mkIf(() => config.path.length > 0, lib.lazy(() => servicePath(config.path))) },
      serviceConfig: {
        ExecStartPre: script(() => config.preStart, "pre-start", (p) => [p]),
        ExecStart: script(() => config.script, "start", (p) => (config.scriptArgs === "" ? p : `${p} ${config.scriptArgs}`)),
        ExecStartPost: script(() => config.postStart, "post-start", (p) => [p]),
        ExecReload: script(() => config.reload, "reload", (p) => p),
        ExecStop: script(() => config.preStop, "pre-stop", (p) => p),
        ExecStopPost: script(() => config.postStop, "post-stop", (p) => p),
      },
    },
  };
};
