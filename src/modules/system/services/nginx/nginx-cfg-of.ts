/**
 * From the evaluated `services.nginx` options to what the renderers read:
 * each virtual host's serverName (its attribute name by default), its TLS
 * files (an ACME host's under its certificate's directory, as NixOS),
 * and basicAuth written to an htpasswd store file.
 */
import { textStorePath } from "../../../../store/text-store-path.ts";
import type { NginxCfg, NginxLocation, NginxVhost } from "./nginx-config-types.ts";

type Loc = Omit<NginxLocation, "basicAuthFile"> & { basicAuth: Record<string, string>; basicAuthFile: string | null };
type Vhost = Omit<NginxVhost, "serverName" | "basicAuthFile" | "locations" | "sslCertificate" | "sslCertificateKey"> & {
  serverName: string | null;
  basicAuth: Record<string, string>;
  basicAuthFile: string | null;
  sslCertificate?: string;
  sslCertificateKey?: string;
  locations: Record<string, Loc>;
};

export type NginxOptionValues = Omit<NginxCfg, "package" | "virtualHosts" | "recommendedProxyConfig" | "enableIPv6"> & {
  enable: boolean;
  enableReload: boolean;
  recommendedBrotliSettings: boolean;
  recommendedZstdSettings: boolean;
  preStart: string;
  user: string;
  group: string;
  package: { outPath: string };
  virtualHosts: Record<string, Vhost>;
};

/** Where NixOS's security.acme keeps a certificate (its default `directory`). */
export const acmeDirectory = (certName: string) => `/var/lib/acme/${certName}`;

const htpasswdText = (auth: Record<string, string>) => Object.entries(auth).map(([user, password]) => `${user}:{PLAIN}${password}\n`).join("\n");

function htpasswd(name: string, auth: Record<string, string>, file: string | null): string | null {
  if (file !== null || Object.keys(auth).length === 0) return file;
  return textStorePath(`${name}.htpasswd`, htpasswdText(auth));
}

/** The htpasswd store files basicAuth makes (NixOS's mkHtpasswd: the vhost's name, or "sublocation"), for the build to write. */
export function htpasswdFiles(o: NginxOptionValues): { name: string; text: string }[] {
  return Object.entries(o.virtualHosts).flatMap(([name, v]) => [
    ...(v.basicAuthFile === null && Object.keys(v.basicAuth).length > 0 ? [{ name: `${name}.htpasswd`, text: htpasswdText(v.basicAuth) }] : []),
    ...Object.values(v.locations)
      .filter((l) => l.basicAuthFile === null && Object.keys(l.basicAuth).length > 0)
      .map((l) => ({ name: "sublocation.htpasswd", text: htpasswdText(l.basicAuth) })),
  ]);
}

/** The named fields of an option view (a spread would read every option, and some have no default). */
function pick<T, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}

const LOCATION_FIELDS = ["proxyPass", "proxyWebsockets", "index", "tryFiles", "root", "alias", "return", "fastcgiParams", "extraConfig", "priority", "recommendedProxySettings"] as const;
const VHOST_FIELDS = [
  "serverAliases", "listen", "listenAddresses", "enableACME", "useACMEHost", "acmeRoot", "acmeFallbackHost", "addSSL", "onlySSL", "forceSSL",
  "rejectSSL", "kTLS", "http2", "reuseport", "root", "default", "extraConfig", "globalRedirect",
] as const;
const CFG_FIELDS = [
  "statusPage", "recommendedTlsSettings", "recommendedOptimisation", "recommendedGzipSettings", "recommendedProxySettings", "proxyTimeout",
  "defaultListenAddresses", "defaultHTTPListenPort", "defaultSSLListenPort", "defaultMimeTypes", "logError", "config", "appendConfig",
  "commonHttpConfig", "commonServerConfig", "httpConfig", "streamConfig", "eventsConfig", "appendHttpConfig", "serverTokens",
  "clientMaxBodySize", "sslCiphers", "sslProtocols", "sslDhparam", "proxyResolveWhileRunning", "mapHashBucketSize", "mapHashMaxSize",
  "serverNamesHashBucketSize", "serverNamesHashMaxSize",
] as const;
const PROXY_CACHE_FIELDS = ["enable", "keysZoneName", "keysZoneSize", "levels", "useTempPath", "inactive", "maxSize"] as const;

function locationOf(l: Loc): NginxLocation {
  return { ...pick(l, LOCATION_FIELDS), basicAuthFile: htpasswd("sublocation", l.basicAuth, l.basicAuthFile) };
}

function vhostOf(name: string, v: Vhost): NginxVhost {
  const serverName = v.serverName ?? name;
  const acme = v.enableACME || v.useACMEHost !== null;
  const hasSSL = v.onlySSL || v.addSSL || v.forceSSL;
  const dir = acmeDirectory(v.useACMEHost ?? serverName);
  const locations = Object.fromEntries(Object.entries(v.locations).map(([path, l]) => [path, locationOf(l)]));
  return {
    ...pick(v, VHOST_FIELDS),
    serverName,
    // Read only when used: NixOS's sslCertificate has no default.
    sslCertificate: acme ? `${dir}/fullchain.pem` : hasSSL ? (v.sslCertificate as string) : null,
    sslCertificateKey: acme ? `${dir}/key.pem` : hasSSL ? (v.sslCertificateKey as string) : null,
    sslTrustedCertificate: acme && v.sslTrustedCertificate === null ? `${dir}/chain.pem` : v.sslTrustedCertificate,
    basicAuthFile: htpasswd(name, v.basicAuth, v.basicAuthFile),
    locations,
  };
}

export function nginxCfgOf(o: NginxOptionValues, recommendedProxyConfig: string): NginxCfg {
  const virtualHosts = Object.fromEntries(Object.entries(o.virtualHosts).map(([n, v]) => [n, vhostOf(n, v)]));
  const resolver = { addresses: [...o.resolver.addresses], valid: o.resolver.valid, ipv6: o.resolver.ipv6 };
  const upstreams = Object.fromEntries(
    Object.entries(o.upstreams).map(([n, u]) => [n, { servers: Object.fromEntries(Object.entries(u.servers).map(([s, p]) => [s, { ...p }])), extraConfig: u.extraConfig }]),
  );
  const proxyCachePath = Object.fromEntries(Object.entries(o.proxyCachePath).map(([n, c]) => [n, pick(c, PROXY_CACHE_FIELDS)]));
  return { ...pick(o, CFG_FIELDS), proxyCachePath, package: o.package.outPath, resolver, upstreams, virtualHosts, recommendedProxyConfig, enableIPv6: true };
}
