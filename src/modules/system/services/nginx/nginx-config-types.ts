/**
 * `services.nginx` as the renderers read it: the evaluated option values
 * (plain data), with each virtual host's serverName filled in.
 */
export interface NginxLocation {
  readonly proxyPass: string | null;
  readonly proxyWebsockets: boolean;
  readonly index: string | null;
  readonly tryFiles: string | null;
  readonly root: string | null;
  readonly alias: string | null;
  readonly return: string | number | null;
  readonly fastcgiParams: Readonly<Record<string, string>>;
  readonly extraConfig: string;
  readonly priority: number;
  readonly recommendedProxySettings: boolean;
  readonly basicAuthFile: string | null;
}

export interface NginxListen {
  readonly addr: string;
  readonly port: number | null;
  readonly ssl: boolean;
  readonly proxyProtocol: boolean;
  readonly extraParameters: readonly string[];
}

export interface NginxVhost {
  readonly serverName: string;
  readonly serverAliases: readonly string[];
  readonly listen: readonly NginxListen[];
  readonly listenAddresses: readonly string[];
  readonly enableACME: boolean;
  readonly useACMEHost: string | null;
  readonly acmeRoot: string | null;
  readonly acmeFallbackHost: string | null;
  readonly addSSL: boolean;
  readonly onlySSL: boolean;
  readonly forceSSL: boolean;
  readonly rejectSSL: boolean;
  readonly kTLS: boolean;
  readonly sslCertificate: string | null;
  readonly sslCertificateKey: string | null;
  readonly sslTrustedCertificate: string | null;
  readonly http2: boolean;
  readonly reuseport: boolean;
  readonly root: string | null;
  readonly default: boolean;
  readonly extraConfig: string;
  readonly globalRedirect: string | null;
  readonly basicAuthFile: string | null;
  readonly locations: Readonly<Record<string, NginxLocation>>;
}

export interface NginxUpstream {
  readonly servers: Readonly<Record<string, Readonly<Record<string, boolean | number | string>>>>;
  readonly extraConfig: string;
}

export interface NginxProxyCache {
  readonly enable: boolean;
  readonly keysZoneName: string;
  readonly keysZoneSize: string;
  readonly levels: string;
  readonly useTempPath: boolean;
  readonly inactive: string;
  readonly maxSize: string;
}

export interface NginxCfg {
  readonly package: string;
  readonly statusPage: boolean;
  readonly recommendedTlsSettings: boolean;
  readonly recommendedOptimisation: boolean;
  readonly recommendedGzipSettings: boolean;
  readonly recommendedProxySettings: boolean;
  readonly proxyTimeout: string;
  readonly defaultListenAddresses: readonly string[];
  readonly defaultHTTPListenPort: number;
  readonly defaultSSLListenPort: number;
  readonly defaultMimeTypes: string;
  readonly logError: string;
  readonly config: string;
  readonly appendConfig: string;
  readonly commonHttpConfig: string;
  readonly commonServerConfig: string;
  readonly httpConfig: string;
  readonly streamConfig: string;
  readonly eventsConfig: string;
  readonly appendHttpConfig: string;
  readonly serverTokens: boolean;
  readonly clientMaxBodySize: string;
  readonly sslCiphers: string | null;
  readonly sslProtocols: string;
  readonly sslDhparam: string | null;
  readonly proxyResolveWhileRunning: boolean;
  readonly mapHashBucketSize: number | null;
  readonly mapHashMaxSize: number | null;
  readonly serverNamesHashBucketSize: number | null;
  readonly serverNamesHashMaxSize: number | null;
  readonly proxyCachePath: Readonly<Record<string, NginxProxyCache>>;
  readonly resolver: { readonly addresses: readonly string[]; readonly valid: string; readonly ipv6: boolean };
  readonly upstreams: Readonly<Record<string, NginxUpstream>>;
  readonly virtualHosts: Readonly<Record<string, NginxVhost>>;
  /** Store path of the proxy headers file `recommendedProxySettings` includes. */
  readonly recommendedProxyConfig: string;
  /** Whether the host has IPv6 (NixOS's networking.enableIPv6). */
  readonly enableIPv6: boolean;
}
