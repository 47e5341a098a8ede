/**
 * The options of `services.nginx`, with NixOS's names, defaults and
 * meanings. `package` defaults to `pkgs.nginx` (Debian's nginx, whose
 * conf/ and html/ are laid out as nixpkgs'), and `defaultMimeTypes` to its
 * conf/mime.types: Debian's mailcap has no nginx mime.types, which is
 * NixOS's default.
 */
import { jsLib as lib } from "../../../../module-system/js-lib.ts";
import { vhostModule } from "./vhost-options.ts";

const { mkOption, types } = lib;

const bool = (description: string, dflt = false) => mkOption({ type: types.bool, default: dflt, description });
const lines = (description: string) => mkOption({ type: types.lines, default: "", description });

const upstreamModule = {
  options: {
    servers: mkOption({
      type: types.attrsOf(
        types.submodule({
          freeformType: types.attrsOf(types.oneOf([types.bool, types.int, types.str])),
          options: { backup: bool("Marks the server as a backup server, passed requests when the primary servers are unavailable.") },
        }),
      ),
      default: {},
      description: "Defines the address and other parameters of the upstream servers.",
    }),
    extraConfig: lines("These lines go to the end of the upstream verbatim."),
  },
};

const proxyCacheModule = {
  options: {
    enable: lib.mkEnableOption("this proxy cache path entry"),
    keysZoneName: mkOption({ type: types.str, default: "cache", example: "my_cache", description: "Set name to shared memory zone." }),
    keysZoneSize: mkOption({ type: types.str, default: "10m", example: "32m", description: "Set size to shared memory zone." }),
    levels: mkOption({ type: types.str, default: "1:2", example: "1:2:2", description: "The levels of subdirectories in the cache (x, x:x or x:x:x, each 1 or 2)." }),
    useTempPath: bool("Whether nginx writes cached files to a temporary area first (use_temp_path)."),
    inactive: mkOption({ type: types.str, default: "10m", example: "1d", description: "Cached data not accessed for this long is removed." }),
    maxSize: mkOption({ type: types.str, default: "1g", example: "2048m", description: "Set maximum cache size." }),
  },
};

const resolverModule = {
  options: {
    addresses: mkOption({ type: types.listOf(types.str), default: [], example: ["[::1]", "127.0.0.1:5353"], description: "List of resolvers to use." }),
    valid: mkOption({ type: types.str, default: "", example: "30s", description: "How long nginx caches answers, overriding the TTL of a response." }),
    ipv6: bool("Whether nginx looks up IPv6 addresses too.", true),
  },
};

export function nginxOptions(pkgs: Record<string, unknown>, cfg: () => { recommendedProxySettings: boolean; package: { outPath: string } }) {
  return {
    enable: lib.mkEnableOption("Nginx Web Server"),
    statusPage: bool("Enable status page reachable from localhost on http://127.0.0.1/nginx_status."),
    recommendedTlsSettings: bool("Enable recommended TLS settings."),
    recommendedOptimisation: bool("Enable recommended optimisation settings."),
    recommendedGzipSettings: bool("Enable recommended gzip settings."),
    recommendedBrotliSettings: bool("Enable recommended brotli settings (NixOS adds pkgs.nginxModules.brotli; not available here: an error says so)."),
    recommendedZstdSettings: bool("Enable recommended zstd settings (NixOS adds pkgs.nginxModules.zstd; not available here: an error says so)."),
    recommendedProxySettings: bool("Whether to enable recommended proxy settings if a vhost does not specify the option manually."),
    proxyTimeout: mkOption({ type: types.str, default: "60s", example: "20s", description: "Change the proxy related timeouts in recommendedProxySettings." }),
    defaultListenAddresses: mkOption({
      type: types.listOf(types.str),
      default: ["0.0.0.0", "[::0]"],
      example: ["10.0.0.12", "[2002:a00:1::]"],
      description: "If vhosts do not specify listenAddresses, use these addresses by default.",
    }),
    defaultHTTPListenPort: mkOption({ type: types.port, default: 80, example: 8080, description: "If vhosts do not specify listen.port, use these ports for HTTP by default." }),
    defaultSSLListenPort: mkOption({ type: types.port, default: 443, example: 8443, description: "If vhosts do not specify listen.port, use these ports for SSL by default." }),
    defaultMimeTypes: mkOption({
      type: types.path,
      default: lib.lazy(() => `${cfg().package.outPath}/conf/mime.types`),
      defaultText: lib.literalExpression('"${config.services.nginx.package}/conf/mime.types"'),
      description: "Default MIME types for nginx (here: the package's own conf/mime.types).",
    }),
    package: mkOption({ type: types.package, default: lib.lazy(() => pkgs.nginx), description: "Nginx package to use." }),
    logError: mkOption({ type: types.str, default: "stderr", description: "Configures logging (nginx's error_log): a file, stderr or syslog:…, and a level." }),
    preStart: lines("Shell commands executed before the service's nginx is started."),
    config: mkOption({
      type: types.str,
      default: "",
      description: "Verbatim nginx.conf configuration, exclusive of every other option for nginx.conf but appendConfig, httpConfig and logError.",
    }),
    appendConfig: lines("Configuration lines appended to the generated Nginx configuration file."),
    commonHttpConfig: lines("Common http context definitions (log_format, resolver…), written before the virtual hosts."),
    commonServerConfig: lines("A configuration snippet added to every server block defined in nix options."),
    httpConfig: lines("Configuration lines to be set inside the http block, exclusive of virtualHosts and the recommended*Settings options."),
    streamConfig: lines("Configuration lines to be set inside the stream block."),
    eventsConfig: lines("Configuration lines to be set inside the events block."),
    appendHttpConfig: lines("Configuration lines to be appended to the generated http block."),
    enableReload: bool("Reload nginx when configuration file changes (instead of restart); the configuration file is then /etc/nginx/nginx.conf."),
    user: mkOption({ type: types.str, default: "nginx", description: "User account under which nginx runs." }),
    group: mkOption({ type: types.str, default: "nginx", description: "Group account under which nginx runs." }),
    serverTokens: bool("Show nginx version in headers and error pages."),
    clientMaxBodySize: mkOption({ type: types.str, default: "10m", description: "Set nginx global client_max_body_size." }),
    sslCiphers: mkOption({
      type: types.nullOr(types.str),
      default:
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384",
      description: "Ciphers to choose from when negotiating TLS handshakes.",
    }),
    sslProtocols: mkOption({ type: types.str, default: "TLSv1.2 TLSv1.3", description: "Allowed TLS protocol versions." }),
    sslDhparam: mkOption({ type: types.nullOr(types.path), default: null, example: "/path/to/dhparams.pem", description: "Path to DH parameters file." }),
    proxyResolveWhileRunning: bool("Resolves domains of proxyPass targets at runtime and not only at start (set services.nginx.resolver too)."),
    mapHashBucketSize: mkOption({ type: types.nullOr(types.enum([32, 64, 128])), default: null, description: "Sets the bucket size for the map variables hash tables." }),
    mapHashMaxSize: mkOption({ type: types.nullOr(types.ints.positive), default: null, description: "Sets the maximum size of the map variables hash tables." }),
    serverNamesHashBucketSize: mkOption({ type: types.nullOr(types.ints.positive), default: null, description: "Sets the bucket size for the server names hash tables." }),
    serverNamesHashMaxSize: mkOption({ type: types.nullOr(types.ints.positive), default: null, description: "Sets the maximum size of the server names hash tables." }),
    proxyCachePath: mkOption({ type: types.attrsOf(types.submodule(proxyCacheModule)), default: {}, description: "Proxy cache path entries (proxy_cache_path), each under /var/cache/nginx/<name>." }),
    resolver: mkOption({ type: types.submodule(resolverModule), default: {}, description: "Name servers used to resolve names of upstream servers into addresses." }),
    upstreams: mkOption({ type: types.attrsOf(types.submodule(upstreamModule)), default: {}, description: "Defines a group of servers to use as proxy target." }),
    virtualHosts: mkOption({
      type: types.attrsOf(types.submodule(vhostModule(() => cfg().recommendedProxySettings))),
      default: { localhost: {} },
      example: { "hydra.example.com": { forceSSL: true, enableACME: true, locations: { "/": { proxyPass: "http://localhost:3000" } } } },
      description: "Declarative vhost config.",
    }),
  };
}
