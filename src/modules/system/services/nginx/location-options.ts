/**
 * `services.nginx.virtualHosts.<name>.locations.<path>`: NixOS's location
 * options (proxyPass, root, alias, index, tryFiles, return, extraConfig,
 * priority…).
 */
import { jsLib as lib } from "../../../../module-system/js-lib.ts";

const { mkOption, types } = lib;

const nullStr = (description: string, example?: string) => mkOption({ type: types.nullOr(types.str), default: null, ...(example === undefined ? {} : { example }), description });

/** The location submodule; `recommendedProxySettings` defaults to the service-wide setting. */
export const locationModule = (recommendedProxySettings: () => boolean) => ({
  options: {
    basicAuth: mkOption({ type: types.attrsOf(types.str), default: {}, example: { user: "password" }, description: "Basic Auth protection for this location (the passwords are stored in plain text in the store)." }),
    basicAuthFile: mkOption({ type: types.nullOr(types.path), default: null, description: "Basic Auth password file for this location." }),
    proxyPass: nullStr("Adds proxy_pass directive and sets recommended proxy headers if recommendedProxySettings is enabled.", "http://www.example.org/"),
    proxyWebsockets: mkOption({ type: types.bool, default: false, description: "Whether to support proxying websocket connections with HTTP/1.1." }),
    index: nullStr("Adds index directive.", "index.php index.html"),
    tryFiles: nullStr("Adds try_files directive.", "$uri =404"),
    root: mkOption({ type: types.nullOr(types.path), default: null, example: "/your/root/directory", description: "Root directory for requests." }),
    alias: mkOption({ type: types.nullOr(types.path), default: null, example: "/your/alias/directory", description: "Alias directory for requests." }),
    return: mkOption({ type: types.nullOr(types.oneOf([types.str, types.int])), default: null, example: "301 http://example.com$request_uri", description: "Adds a return directive, for e.g. redirections." }),
    fastcgiParams: mkOption({ type: types.attrsOf(types.either(types.str, types.path)), default: {}, description: "FastCGI parameters to override (the defaults are NixOS's)." }),
    extraConfig: mkOption({ type: types.lines, default: "", description: "These lines go to the end of the location verbatim." }),
    priority: mkOption({
      type: types.int,
      default: 1000,
      description: "Order of this location block in relation to the others in the vhost: lower comes first, equal ones by path.",
    }),
    recommendedProxySettings: mkOption({
      type: types.bool,
      default: lib.lazy(recommendedProxySettings),
      description: "Enable recommended proxy settings (defaults to services.nginx.recommendedProxySettings).",
    }),
  },
});
