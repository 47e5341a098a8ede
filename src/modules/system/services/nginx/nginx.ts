/**
 * `services.nginx`: NixOS's nginx module as system-manager wires it. The
 * generated nginx.conf (render-nginx-conf.ts) is a store file the unit
 * names (or /etc/nginx/nginx.conf with `enableReload`); `nginx.service`
 * is NixOS's unit (config test before start and on reload, restart
 * always, runtime, cache and log directories, sandboxing) with
 * system-manager's tweaks: DynamicUser, and the nginx user and group at
 * uid/gid 980. It is wanted by multi-user.target, i.e. system-manager.target.
 * Its restart trigger is the configuration's text: with `enableReload` a
 * changed configuration reloads nginx (NixOS's nginx-config-reload).
 */
import { jsLib as lib } from "../../../../module-system/js-lib.ts";
import { textStorePath } from "../../../../store/text-store-path.ts";
import { nginxOptions } from "./nginx-options.ts";
import { nginxAssertions } from "./nginx-assertions.ts";
import { htpasswdFiles, nginxCfgOf, type NginxOptionValues } from "./nginx-cfg-of.ts";
import { RECOMMENDED_PROXY_HEADERS, renderNginxConf } from "./render-nginx-conf.ts";

const { mkIf, mkForce, mkDefault } = lib;

/** system-manager's nginx.nix forces the nginx user's uid and group's gid. */
export const NGINX_ID = 980;

const PROXY_HEADERS = "nginx-recommended-proxy-headers.conf";

interface Cfg {
  services: { nginx: NginxOptionValues };
}

const SANDBOX = {
  ProcSubset: "pid",
  ProtectProc: "invisible",
  UMask: "0027",
  AmbientCapabilities: ["CAP_NET_BIND_SERVICE", "CAP_SYS_RESOURCE"],
  CapabilityBoundingSet: ["CAP_NET_BIND_SERVICE", "CAP_SYS_RESOURCE"],
  NoNewPrivileges: true,
  ProtectSystem: "strict",
  PrivateTmp: true,
  PrivateDevices: true,
  ProtectHostname: true,
  ProtectClock: true,
  ProtectKernelTunables: true,
  ProtectKernelModules: true,
  ProtectKernelLogs: true,
  ProtectControlGroups: true,
  RestrictAddressFamilies: ["AF_UNIX", "AF_INET", "AF_INET6"],
  RestrictNamespaces: true,
  LockPersonality: true,
  MemoryDenyWriteExecute: true,
  RestrictRealtime: true,
  RestrictSUIDSGID: true,
  RemoveIPC: true,
  PrivateMounts: true,
  SystemCallArchitectures: "native",
  SystemCallFilter: ["~@cpu-emulation @debug @keyring @mount @obsolete @privileged @setuid", "~@ipc"],
};

export const nginxModule = ({ config, pkgs }: { config: Cfg; pkgs: Record<string, unknown> }) => {
  const cfg = () => config.services.nginx;
  const proxyHeaders = () => textStorePath(PROXY_HEADERS, RECOMMENDED_PROXY_HEADERS);
  const configText = () => renderNginxConf(nginxCfgOf(cfg(), proxyHeaders()));
  const configFile = () => textStorePath("nginx.conf", configText());
  const configPath = () => (cfg().enableReload ? "/etc/nginx/nginx.conf" : configFile());
  const execCommand = () => `${cfg().package.outPath}/bin/nginx -c '${configPath()}'`;
  const kill = () => `${(pkgs.procps as { outPath: string }).outPath}/bin/kill`;
  return {
    _file: "system-manager/modules/services/nginx.ts",
    options: {
      services: {
        nginx: {
          ...nginxOptions(pkgs, cfg),
          configFile: lib.mkOption({
            type: lib.types.str,
            internal: true,
            readOnly: true,
            default: lib.lazy(configFile),
            description: "The generated nginx.conf in the store (the build has the package's nginx check it: src/build/nginx-config-check.ts).",
          }),
        },
      },
    },
    config: mkIf(() => cfg().enable, {
      assertions: lib.lazy(() => nginxAssertions(cfg())),
      "system-manager": {
        textFiles: lib.lazy(() => [
          { name: "nginx.conf", text: configText() },
          { name: PROXY_HEADERS, text: RECOMMENDED_PROXY_HEADERS },
          ...htpasswdFiles(cfg()),
        ]),
      },
      users: {
        users: mkIf(() => cfg().user === "nginx", { nginx: { group: lib.lazy(() => cfg().group), isSystemUser: true, uid: mkForce(NGINX_ID) } }),
        groups: mkIf(() => cfg().group === "nginx", { nginx: { gid: mkForce(NGINX_ID) } }),
      },
      environment: {
        etc: { "nginx/nginx.conf": mkIf(() => cfg().enableReload, { source: lib.lazy(configFile) }) },
      },
      systemd: {
        services: {
          nginx: {
            description: "Nginx Web Server",
            wantedBy: ["multi-user.target"],
            after: ["network.target"],
            stopIfChanged: false,
            // What the configuration names (a root made by pkgs.writeTextDir…) is realised from here, and with enableReload,
            // where the unit itself does not change, a new configuration reloads nginx.
            restartTriggers: lib.lazy(() => [configText()]),
            reloadIfChanged: lib.lazy(() => cfg().enableReload),
            preStart: lib.lazy(() => `${cfg().preStart}\n${execCommand()} -t\n`),
            unitConfig: { StartLimitIntervalSec: 60 },
            serviceConfig: {
              ExecStart: lib.lazy(execCommand),
              ExecReload: lib.lazy(() => [`${execCommand()} -t`, `${kill()} -HUP $MAINPID`]),
              Restart: "always",
              RestartSec: "10s",
              User: lib.lazy(() => cfg().user),
              Group: lib.lazy(() => cfg().group),
              DynamicUser: true,
              RuntimeDirectory: "nginx",
              RuntimeDirectoryMode: "0750",
              CacheDirectory: "nginx",
              CacheDirectoryMode: "0750",
              LogsDirectory: "nginx",
              LogsDirectoryMode: "0750",
              ProtectHome: mkDefault(true),
              ...SANDBOX,
            },
          },
        },
      },
    }),
  };
};
