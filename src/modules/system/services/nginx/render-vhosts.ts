/**
 * The `server` blocks of nginx.conf, one per virtual host (plus the HTTP
 * redirect block of a `forceSSL` host), with their listen lines, ACME
 * challenge location, TLS files and locations, as NixOS's nginx module
 * writes them; locations are sorted by priority, then by path.
 */
import type { NginxCfg, NginxListen, NginxLocation, NginxVhost } from "./nginx-config-types.ts";

const when = (cond: boolean, lines: readonly string[]) => (cond ? [...lines] : []);

function defaultListen(cfg: NginxCfg, vhost: NginxVhost): NginxListen[] {
  if (vhost.listen.length > 0) return [...vhost.listen];
  const onlySSL = vhost.onlySSL;
  const hasSSL = onlySSL || vhost.addSSL || vhost.forceSSL;
  const addrs = vhost.listenAddresses.length > 0 ? vhost.listenAddresses : cfg.defaultListenAddresses;
  const line = (addr: string, ssl: boolean): NginxListen => ({ addr, port: ssl ? cfg.defaultSSLListenPort : cfg.defaultHTTPListenPort, ssl, proxyProtocol: false, extraParameters: [] });
  return [...(hasSSL || vhost.rejectSSL ? addrs.map((a) => line(a, true)) : []), ...(!onlySSL ? addrs.map((a) => line(a, false)) : [])];
}

function listenLine(vhost: NginxVhost, l: NginxListen): string {
  return (
    `listen ${l.addr}${l.port === null ? "" : `:${l.port}`} ` +
    (l.ssl && vhost.http2 ? "http2 " : "") +
    (l.ssl ? "ssl " : "") +
    (vhost.default ? "default_server " : "") +
    (vhost.reuseport ? "reuseport " : "") +
    (l.proxyProtocol ? "proxy_protocol " : "") +
    l.extraParameters.join(" ") +
    ";"
  );
}

function acmeLocation(vhost: NginxVhost): string[] {
  if (!vhost.enableACME && vhost.useACMEHost === null) return [];
  return [
    "# Rule for legitimate ACME Challenge requests (like /.well-known/acme-challenge/xxxxxxxxx)",
    "# We use ^~ here, so that we don't check any regexes (which could",
    "# otherwise easily override this intended match accidentally).",
    "location ^~ /.well-known/acme-challenge/ {",
    ...when(vhost.acmeFallbackHost !== null, ["try_files $uri @acme-fallback;"]),
    ...when(vhost.acmeRoot !== null, [`root ${vhost.acmeRoot};`]),
    "auth_basic off;",
    "}",
    ...when(vhost.acmeFallbackHost !== null, ["location @acme-fallback {", "auth_basic off;", `proxy_pass http://${vhost.acmeFallbackHost};`, "}"]),
  ];
}

function basicAuth(file: string | null): string[] {
  return file === null ? [] : ["auth_basic secured;", `auth_basic_user_file ${file};`];
}

const FASTCGI_DEFAULTS: Readonly<Record<string, string>> = {
  SCRIPT_FILENAME: "$document_root$fastcgi_script_name", QUERY_STRING: "$query_string", REQUEST_METHOD: "$request_method",
  CONTENT_TYPE: "$content_type", CONTENT_LENGTH: "$content_length", SCRIPT_NAME: "$fastcgi_script_name", REQUEST_URI: "$request_uri",
  DOCUMENT_URI: "$document_uri", DOCUMENT_ROOT: "$document_root", SERVER_PROTOCOL: "$server_protocol", REQUEST_SCHEME: "$scheme",
  HTTPS: "$https if_not_empty", GATEWAY_INTERFACE: "CGI/1.1", SERVER_SOFTWARE: "nginx/$nginx_version", REMOTE_ADDR: "$remote_addr",
  REMOTE_PORT: "$remote_port", SERVER_ADDR: "$server_addr", SERVER_PORT: "$server_port", SERVER_NAME: "$server_name", REDIRECT_STATUS: "200",
};

/** Nix's attribute order: names sorted by their bytes. */
const byName = <T>(o: Readonly<Record<string, T>>): [string, T][] => Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

function location(cfg: NginxCfg, path: string, l: NginxLocation): string[] {
  const fastcgi = Object.keys(l.fastcgiParams).length > 0 ? byName({ ...FASTCGI_DEFAULTS, ...l.fastcgiParams }) : [];
  return [
    `location ${path} {`,
    ...when(l.proxyPass !== null && !cfg.proxyResolveWhileRunning, [`proxy_pass ${l.proxyPass};`]),
    ...when(l.proxyPass !== null && cfg.proxyResolveWhileRunning, [`set $nix_proxy_target "${l.proxyPass}";`, "proxy_pass $nix_proxy_target;"]),
    ...when(l.proxyWebsockets, ["proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;", "proxy_set_header Connection $connection_upgrade;"]),
    ...fastcgi.map(([n, v]) => `fastcgi_param ${n} "${v}";`),
    ...when(l.index !== null, [`index ${l.index};`]),
    ...when(l.tryFiles !== null, [`try_files ${l.tryFiles};`]),
    ...when(l.root !== null, [`root ${l.root};`]),
    ...when(l.alias !== null, [`alias ${l.alias};`]),
    ...when(l.return !== null, [`return ${l.return};`]),
    ...l.extraConfig.split("\n"),
    ...when(l.proxyPass !== null && l.recommendedProxySettings, [`include ${cfg.recommendedProxyConfig};`]),
    ...basicAuth(l.basicAuthFile),
    "}",
  ];
}

/** Locations in lib.sortProperties' order: by priority, ties by path (attribute order). */
function locations(cfg: NginxCfg, locs: Readonly<Record<string, NginxLocation>>): string[] {
  const sorted = byName(locs).map(([p, l], i) => ({ p, l, i })).sort((a, b) => a.l.priority - b.l.priority || a.i - b.i);
  return sorted.flatMap(({ p, l }) => location(cfg, p, l));
}

function vhostBlocks(cfg: NginxCfg, vhost: NginxVhost): string[] {
  const hasSSL = vhost.onlySSL || vhost.addSSL || vhost.forceSSL;
  const listens = defaultListen(cfg, vhost);
  const hostListen = vhost.forceSSL ? listens.filter((l) => l.ssl) : listens;
  const names = `server_name ${vhost.serverName} ${vhost.serverAliases.join(" ")};`;
  return [
    ...when(vhost.forceSSL, [
      "server {",
      ...listens.filter((l) => !l.ssl).map((l) => listenLine(vhost, l)),
      names,
      ...acmeLocation(vhost),
      "location / {",
      "return 301 https://$host$request_uri;",
      "}",
      "}",
    ]),
    "server {",
    ...hostListen.map((l) => listenLine(vhost, l)),
    names,
    ...acmeLocation(vhost),
    ...cfg.commonServerConfig.split("\n"),
    ...when(vhost.root !== null, [`root ${vhost.root};`]),
    ...when(vhost.globalRedirect !== null, ["location / {", `return 301 http${hasSSL ? "s" : ""}://${vhost.globalRedirect}$request_uri;`, "}"]),
    ...when(hasSSL, [`ssl_certificate ${vhost.sslCertificate};`, `ssl_certificate_key ${vhost.sslCertificateKey};`]),
    ...when(hasSSL && vhost.sslTrustedCertificate !== null, [`ssl_trusted_certificate ${vhost.sslTrustedCertificate};`]),
    ...when(vhost.rejectSSL, ["ssl_reject_handshake on;"]),
    ...when(hasSSL && vhost.kTLS, ["ssl_conf_command Options KTLS;"]),
    ...basicAuth(vhost.basicAuthFile),
    ...locations(cfg, vhost.locations),
    ...vhost.extraConfig.split("\n"),
    "}",
  ];
}

/** Every virtual host's blocks, in attribute-name order. */
export function renderVhosts(cfg: NginxCfg): string[] {
  return byName(cfg.virtualHosts).flatMap(([, v]) => vhostBlocks(cfg, v));
}
