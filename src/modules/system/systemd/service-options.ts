/**
 * The options of `systemd.services.<name>` beyond the common unit options,
 * with NixOS's names, types and defaults. As in NixOS, `path` becomes the
 * service's PATH (each entry's bin/ and sbin/, then the host's standard
 * directories, where Debian keeps coreutils, grep, sed and systemd), and
 * `preStart`/`script`/`postStart` become ExecStartPre/ExecStart/ExecStartPost
 * job scripts.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { jobScript } from "./job-script.ts";
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
  preStart: string;
  postStart: string;
}

const bool = (dflt: boolean, description: string) => mkOption({ type: types.bool, default: dflt, description });

export const serviceModule = ({ name, config }: { name: string; config: ServiceCfg }) => ({
  options: {
    environment: mkOption({ type: S.environment, default: {}, example: { TZ: "CET" }, description: "Environment variables of the service's processes." }),
    path: mkOption({
      type: S.path,
      default: [],
      description: "Packages (or directories) whose bin/ and sbin/ come first in the service's PATH, before the host's standard directories.",
    }),
    script: mkOption({ type: types.lines, default: "", description: "Shell commands run as the service's main process (`ExecStart=`)." }),
    preStart: mkOption({ type: types.lines, default: "", description: "Shell commands run before the main process (`ExecStartPre=`)." }),
    postStart: mkOption({ type: types.lines, default: "", description: "Shell commands run after the main process has started (`ExecStartPost=`)." }),
    serviceConfig: mkOption({ type: T.section, default: {}, example: { Type: "oneshot", RemainAfterExit: true }, description: "Settings of the `[Service]` section." }),
    restartIfChanged: bool(true, "Whether the service is restarted on switch when its unit changed (false writes `X-RestartIfChanged=false`)."),
    reloadIfChanged: bool(false, "Whether the service is reloaded instead of restarted on switch when its unit changed (`X-ReloadIfChanged=true`)."),
    stopIfChanged: bool(
      true,
      "Whether a changed service is stopped before /etc is switched and started afterwards, rather than restarted at the end (false writes `X-StopIfChanged=false`).",
    ),
    startAt: mkOption({
      type: S.startAt,
      default: [],
      example: "Sun 14:00:00",
      description: "When to start the service, as systemd calendar events: makes a timer `<name>.timer` wanted by `timers.target`.",
    }),
  },
  config: {
    environment: { PATH: mkIf(() => config.path.length > 0, lib.lazy(() => servicePath(config.path))) },
    serviceConfig: {
      ExecStartPre: mkIf(() => config.preStart !== "", lib.lazy(() => jobScript(name, "pre-start", config.preStart).path)),
      ExecStart: mkIf(() => config.script !== "", lib.lazy(() => jobScript(name, "start", config.script).path)),
      ExecStartPost: mkIf(() => config.postStart !== "", lib.lazy(() => jobScript(name, "post-start", config.postStart).path)),
    },
  },
});
