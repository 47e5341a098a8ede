/**
 * nginx.conf as NixOS's nginx module writes it (same blocks, same order,
 * formatted by writeNginxConfig's rules: format-nginx-conf.ts). One
 * difference, for Debian's nginx: its temporary files are compiled to go
 * under /var/lib/nginx, which the sandboxed unit cannot write, so the
 * http blocks send them where NixOS's nginx keeps them, the unit's
 * CacheDirectory /var/cache/nginx.
 */
import { formatNginxConf } from "./format-nginx-conf.ts";
import type { NginxCfg } from "./nginx-config-types.ts";
import { renderVhosts } from "./render-vhosts.ts";

const COMPRESS_MIME_TYPES = [
  "application/atom+xml", "application/geo+json", "application/json", "application/ld+json", "application/manifest+json",
  "application/rdf+xml", "application/vnd.ms-fontobject", "application/wasm", "application/x-rss+xml",
  "application/x-web-app-manifest+json", "application/xhtml+xml", "application/xliff+xml", "application/xml",
  "font/collection", "font/otf", "font/ttf", "image/bmp", "image/svg+xml", "image/vnd.microsoft.icon",
  "text/cache-manifest", "text/calendar", "text/css", "text/csv", "text/javascript", "text/markdown", "text/plain",
  "text/vcard", "text/vnd.rim.location.xloc", "text/vtt", "text/x-component", "text/xml",
].join(" ");

const TEMP_PATHS = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"];

/** The proxy headers file `recommendedProxySettings` includes (NixOS's nginx-recommended-proxy-headers.conf). */
export const RECOMMENDED_PROXY_HEADERS = `proxy_set_header        Host $host;
proxy_set_header        X-Real-IP $remote_addr;
proxy_set_header        X-Forwarded-For $proxy_add_x_forwarded_for;
proxy_set_header        X-Forwarded-Proto $scheme;
proxy_set_header        X-Forwarded-Host $host;
proxy_set_header        X-Forwarded-Server $host;
`;

const when = (cond: boolean, text: string | readonly string[]) => (cond ? (typeof text === "string" ? [text] : [...text]) : []);

function commonHttp(cfg: NginxCfg): string[] {
  return [
    "# Load mime types.",
    `include ${cfg.defaultMimeTypes};`,
    "types_hash_max_size 4096;",
    `include ${cfg.package}/conf/fastcgi.conf;`,
    `include ${cfg.package}/conf/uwsgi_params;`,
    "default_type application/octet-stream;",
    "# Debian's nginx keeps temporary files under /var/lib/nginx; NixOS's, and this unit's CacheDirectory, under /var/cache/nginx.",
    ...TEMP_PATHS.map((t) => `${t}_temp_path /var/cache/nginx/${t};`),
  ];
}

function upstreams(cfg: NginxCfg): string[] {
  const param = (key: string, value: boolean | number | string) => (typeof value === "boolean" ? (value ? key : "") : `${key}=${value}`);
  return Object.entries(cfg.upstreams).flatMap(([name, u]) => [
    `upstream ${name} {`,
    ...Object.entries(u.servers).map(([server, params]) => `server ${server} ${Object.entries(params).map(([k, v]) => param(k, v)).join(" ")};`),
    ...u.extraConfig.split("\n"),
    "}",
  ]);
}

/** Enabled proxyCachePath entries, in attribute order, each under /var/cache/nginx (the unit's CacheDirectory). */
function proxyCachePaths(cfg: NginxCfg): string[] {
  return Object.entries(cfg.proxyCachePath)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .filter(([, c]) => c.enable)
    .map(([name, c]) =>
      `proxy_cache_path /var/cache/nginx/${name} keys_zone=${c.keysZoneName}:${c.keysZoneSize} levels=${c.levels} use_temp_path=${c.useTempPath ? "on" : "off"} inactive=${c.inactive} max_size=${c.maxSize};`,
    );
}

function statusPage(cfg: NginxCfg): string[] {
  return [
    "server {",
    `listen ${cfg.defaultHTTPListenPort};`,
    ...when(cfg.enableIPv6, `listen [::]:${cfg.defaultHTTPListenPort};`),
    "server_name localhost;",
    "location /nginx_status {",
    "stub_status on;",
    "access_log off;",
    "allow 127.0.0.1;",
    ...when(cfg.enableIPv6, "allow ::1;"),
    "deny all;",
    "}",
    "}",
  ];
}

function generatedHttp(cfg: NginxCfg): string[] {
  const r = cfg.resolver;
  return [
    "http {",
    ...commonHttp(cfg),
    ...when(r.addresses.length > 0, `resolver ${r.addresses.join(" ")} ${r.valid !== "" ? `valid=${r.valid}` : ""} ${!r.ipv6 ? "ipv6=off" : ""};`),
    ...upstreams(cfg),
    ...when(cfg.recommendedOptimisation, ["# optimisation", "sendfile on;", "tcp_nopush on;", "tcp_nodelay on;", "keepalive_timeout 65;"]),
    `ssl_protocols ${cfg.sslProtocols};`,
    ...when(cfg.sslCiphers !== null, `ssl_ciphers ${cfg.sslCiphers};`),
    ...when(cfg.sslDhparam !== null, `ssl_dhparam ${cfg.sslDhparam};`),
    ...when(cfg.recommendedTlsSettings, [
      "# Keep in sync with https://ssl-config.mozilla.org/#server=nginx&config=intermediate",
      "ssl_session_timeout 1d;",
      "ssl_session_cache shared:SSL:10m;",
      "# Breaks forward secrecy: https://github.com/mozilla/server-side-tls/issues/135",
      "ssl_session_tickets off;",
      "# We don't enable insecure ciphers by default, so this allows",
      "# clients to pick the most performant, per https://github.com/mozilla/server-side-tls/issues/260",
      "ssl_prefer_server_ciphers off;",
      "# OCSP stapling",
      "ssl_stapling on;",
      "ssl_stapling_verify on;",
    ]),
    ...when(cfg.recommendedGzipSettings, [
      "gzip on;", "gzip_static on;", "gzip_vary on;", "gzip_comp_level 5;", "gzip_min_length 256;",
      "gzip_proxied expired no-cache no-store private auth;", `gzip_types ${COMPRESS_MIME_TYPES};`,
    ]),
    ...when(cfg.recommendedProxySettings, [
      "proxy_redirect          off;",
      `proxy_connect_timeout   ${cfg.proxyTimeout};`,
      `proxy_send_timeout      ${cfg.proxyTimeout};`,
      `proxy_read_timeout      ${cfg.proxyTimeout};`,
      "proxy_http_version      1.1;",
      "# don't let clients close the keep-alive connection to upstream. See the nginx blog for details:",
      "# https://www.nginx.com/blog/avoiding-top-10-nginx-configuration-mistakes/#no-keepalives",
      'proxy_set_header        "Connection" "";',
      `include ${cfg.recommendedProxyConfig};`,
    ]),
    ...when(cfg.mapHashBucketSize !== null, `map_hash_bucket_size ${cfg.mapHashBucketSize};`),
    ...when(cfg.mapHashMaxSize !== null, `map_hash_max_size ${cfg.mapHashMaxSize};`),
    ...when(cfg.serverNamesHashBucketSize !== null, `server_names_hash_bucket_size ${cfg.serverNamesHashBucketSize};`),
    ...when(cfg.serverNamesHashMaxSize !== null, `server_names_hash_max_size ${cfg.serverNamesHashMaxSize};`),
    "# $connection_upgrade is used for websocket proxying",
    "map $http_upgrade $connection_upgrade {",
    "default upgrade;",
    "''      close;",
    "}",
    `client_max_body_size ${cfg.clientMaxBodySize};`,
    `server_tokens ${cfg.serverTokens ? "on" : "off"};`,
    ...cfg.commonHttpConfig.split("\n"),
    ...proxyCachePaths(cfg),
    ...when(cfg.statusPage, statusPage(cfg)),
    ...renderVhosts(cfg),
    ...cfg.appendHttpConfig.split("\n"),
    "}",
  ];
}

/** The text of nginx.conf (before it is formatted). */
export function nginxConfText(cfg: NginxCfg): string {
  const lines = [
    "pid /run/nginx/nginx.pid;",
    `error_log ${cfg.logError};`,
    "daemon off;",
    ...cfg.config.split("\n"),
    ...when(cfg.eventsConfig !== "" || cfg.config === "", ["events {", ...cfg.eventsConfig.split("\n"), "}"]),
    ...when(cfg.httpConfig === "" && cfg.config === "", generatedHttp(cfg)),
    ...when(cfg.httpConfig !== "", ["http {", ...commonHttp(cfg), ...cfg.httpConfig.split("\n"), "}"]),
    ...when(cfg.streamConfig !== "", ["stream {", ...cfg.streamConfig.split("\n"), "}"]),
    ...cfg.appendConfig.split("\n"),
  ];
  return lines.join("\n") + "\n";
}

/** nginx.conf as the unit runs it. */
export function renderNginxConf(cfg: NginxCfg): string {
  return formatNginxConf(nginxConfText(cfg));
}
