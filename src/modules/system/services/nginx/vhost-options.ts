/**
 * `services.nginx.virtualHosts.<name>`: NixOS's virtual host options
 * (names, listen lines, TLS and ACME, root, locations, extraConfig…).
 */
import { jsLib as lib } from "../../../../module-system/js-lib.ts";
import { locationModule } from "./location-options.ts";

const { mkOption, types } = lib;

const bool = (description: string, dflt = false) => mkOption({ type: types.bool, default: dflt, description });
const nullPath = (description: string, example: string) => mkOption({ type: types.nullOr(types.path), default: null, example, description });

const listenModule = {
  options: {
    addr: mkOption({ type: types.str, description: "Listen address." }),
    port: mkOption({ type: types.nullOr(types.port), default: null, description: "Port number to listen on (null: nginx's default, 80)." }),
    ssl: bool("Enable SSL."),
    proxyProtocol: bool("Enable PROXY protocol."),
    extraParameters: mkOption({ type: types.listOf(types.str), default: [], example: ["backlog=1024", "deferred"], description: "Extra parameters of this listen directive." }),
  },
};

export const vhostModule = (recommendedProxySettings: () => boolean) => ({
  options: {
    serverName: mkOption({ type: types.nullOr(types.str), default: null, example: "example.org", description: "Name of this virtual host. Defaults to attribute name in virtualHosts." }),
    serverAliases: mkOption({ type: types.listOf(types.str), default: [], example: ["www.example.org", "example.org"], description: "Additional names of virtual hosts served by this virtual host configuration." }),
    listen: mkOption({
      type: types.listOf(types.submodule(listenModule)),
      default: [],
      example: [{ addr: "195.154.1.1", port: 443, ssl: true }, { addr: "192.154.1.1", port: 80 }],
      description: "Listen addresses and ports for this virtual host (overrides addSSL and onlySSL).",
    }),
    listenAddresses: mkOption({ type: types.listOf(types.str), default: [], example: ["127.0.0.1", "[::1]"], description: "Listen addresses for this virtual host; the ports are chosen automatically." }),
    enableACME: bool("Whether to ask Let's Encrypt to sign a certificate for this vhost (no ACME client runs here: see security.acme)."),
    useACMEHost: mkOption({ type: types.nullOr(types.str), default: null, description: "A host of an existing Let's Encrypt certificate to use." }),
    acmeRoot: mkOption({ type: types.nullOr(types.str), default: "/var/lib/acme/acme-challenge", description: "Directory for the ACME challenge, which is public." }),
    acmeFallbackHost: mkOption({ type: types.nullOr(types.str), default: null, description: "Host which to proxy requests to if ACME challenge is not found." }),
    addSSL: bool("Whether to enable HTTPS in addition to plain HTTP (listens on ports 80 and 443)."),
    onlySSL: bool("Whether to enable HTTPS and reject plain HTTP connections (listens on port 443)."),
    forceSSL: bool("Whether to add a separate nginx server block that redirects all plain HTTP traffic to HTTPS."),
    rejectSSL: bool("Whether to listen for and reject all HTTPS connections to this vhost."),
    kTLS: bool("Whether to enable kTLS support."),
    sslCertificate: mkOption({ type: types.path, example: "/var/host.cert", description: "Path to server SSL certificate." }),
    sslCertificateKey: mkOption({ type: types.path, example: "/var/host.key", description: "Path to server SSL certificate key." }),
    sslTrustedCertificate: nullPath("Path to root SSL certificate for stapling and client certificates.", "/etc/ssl/certs/ca-certificates.crt"),
    http2: bool("Whether to enable HTTP 2.", true),
    reuseport: bool("Create an individual listening socket (only once on one of the hosts)."),
    root: nullPath("The path of the web root directory.", "/data/webserver/docs"),
    default: bool("Makes this vhost the default."),
    extraConfig: mkOption({ type: types.lines, default: "", description: "These lines go to the end of the vhost verbatim." }),
    globalRedirect: mkOption({ type: types.nullOr(types.str), default: null, example: "newserver.example.org", description: "If set, all requests for this host are redirected permanently to the given hostname." }),
    basicAuth: mkOption({ type: types.attrsOf(types.str), default: {}, example: { user: "password" }, description: "Basic Auth protection for a vhost (the passwords are stored in plain text in the store)." }),
    basicAuthFile: nullPath("Basic Auth password file for a vhost.", "/etc/nginx/htpasswd"),
    locations: mkOption({
      type: types.attrsOf(types.submodule(locationModule(recommendedProxySettings))),
      default: {},
      example: { "/": { proxyPass: "http://localhost:3000" } },
      description: "Declarative location config.",
    }),
  },
});
