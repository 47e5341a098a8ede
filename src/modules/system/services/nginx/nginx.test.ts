/**
 * services.nginx: the generated nginx.conf and nginx.service (golden,
 * byte for byte), the nginx user and group, the whole-file `config`, and
 * the assertions (NixOS's, and ACME, which cannot run here).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluateSystem } from "../../../../build/evaluate-system.ts";
import { checkAssertions } from "../../../../build/check-assertions.ts";
import { toJS } from "../../../../nix/js-value.ts";
import type { Lazy } from "../../../../nix/value.ts";
import { module } from "../../../../../test/helpers/system.ts";
import { unitsOf } from "../../../../../test/helpers/units.ts";
import { assertGolden } from "../../../../../test/helpers/golden.ts";
import { formatNginxConf } from "./format-nginx-conf.ts";

const GOLDEN = join(import.meta.dirname, "golden");
const platform = { nixpkgs: { hostPlatform: "x86_64-linux" } };

function evaluate(cfg: unknown) {
  return evaluateSystem([module(platform), module(cfg)]).evaluation;
}

/** The generated nginx.conf's text, as the build writes it (system-manager.textFiles). */
function nginxConf(cfg: unknown): string {
  const ev = evaluate(cfg);
  const files = toJS(ev.config.lazy("system-manager") as Lazy) as { textFiles: { name: string; text: string }[] };
  const conf = files.textFiles.find((f) => f.name === "nginx.conf");
  assert.ok(conf !== undefined, "nginx.conf is one of the store files the build writes");
  return conf.text;
}

const RICH = {
  services: {
    nginx: {
      enable: true,
      recommendedGzipSettings: true,
      recommendedOptimisation: true,
      recommendedProxySettings: true,
      recommendedTlsSettings: true,
      statusPage: true,
      clientMaxBodySize: "64m",
      mapHashBucketSize: 64,
      serverNamesHashBucketSize: 128,
      proxyCachePath: { assets: { enable: true, keysZoneName: "assets", maxSize: "2g" }, off: { enable: false } },
      serverTokens: true,
      eventsConfig: "worker_connections 512;",
      commonHttpConfig: "log_format short '$remote_addr $status';",
      appendHttpConfig: "access_log /var/log/nginx/short.log short;",
      appendConfig: "worker_processes 2;",
      upstreams: { backend: { servers: { "127.0.0.1:3000": { weight: 5 }, "127.0.0.1:3001": { backup: true } }, extraConfig: "keepalive 16;" } },
      virtualHosts: {
        "example.org": {
          serverAliases: ["www.example.org"],
          forceSSL: true,
          sslCertificate: "/etc/ssl/example.org.crt",
          sslCertificateKey: "/etc/ssl/example.org.key",
          root: "/srv/example",
          locations: {
            "/": { tryFiles: "$uri $uri/ =404", index: "index.html" },
            "/api/": { proxyPass: "http://backend", proxyWebsockets: true },
            "~ \\.php$": { priority: 500, fastcgiParams: { APP_ENV: "prod" }, extraConfig: "fastcgi_pass unix:/run/php.sock;" },
            "/old": { return: "301 /new" },
          },
          extraConfig: "add_header X-Frame-Options DENY;",
        },
        static: {
          serverName: "static.example.org",
          listen: [{ addr: "127.0.0.1", port: 8080 }, { addr: "unix:/run/nginx/static.sock" }],
          default: true,
          locations: { "/files/": { alias: "/srv/files/" } },
          basicAuth: { alice: "secret" },
        },
      },
    },
  },
};

test("formatting: leading blanks go, one tab per open block, blank lines dropped (writeNginxConfig's rules)", () => {
  const text = "  a;\n\nhttp {\n    b;\n  server {  \n c { d; }\n  }\n   \n}\n";
  assert.equal(formatNginxConf(text), "a;\nhttp {\n\tb;\n\tserver {  \n\tc { d; }\n\t}\n}\n", "a line opening and closing a block sits one level out, as awk counts");
});

test("enable alone: NixOS's default localhost vhost on 0.0.0.0:80 and [::0]:80", () => {
  assertGolden(join(GOLDEN, "default.nginx.conf"), nginxConf({ services: { nginx: { enable: true } } }));
});

test("virtual hosts, locations (by priority, then path), upstreams, TLS and the recommended settings", () => {
  assertGolden(join(GOLDEN, "rich.nginx.conf"), nginxConf(RICH));
});

test("proxyResolveWhileRunning: proxy_pass goes through a variable, resolved at run time", () => {
  const conf = nginxConf({ services: { nginx: { enable: true, proxyResolveWhileRunning: true, resolver: { addresses: ["127.0.0.53"], ipv6: false }, virtualHosts: { a: { locations: { "/": { proxyPass: "http://app.internal:3000" } } } } } } });
  assert.match(conf, /\tresolver 127\.0\.0\.53  ipv6=off;\n/);
  assert.match(conf, /\t\tlocation \/ \{\n\t\t\tset \$nix_proxy_target "http:\/\/app\.internal:3000";\n\t\t\tproxy_pass \$nix_proxy_target;\n\t\t\}\n/);
});

test("config replaces the generated events and http blocks; appendConfig still follows", () => {
  const conf = nginxConf({ services: { nginx: { enable: true, config: "events {}\nhttp { server { listen 81; } }", appendConfig: "worker_processes 1;" } } });
  assert.equal(conf, "pid /run/nginx/nginx.pid;\nerror_log stderr;\ndaemon off;\nevents {}\nhttp { server { listen 81; } }\nworker_processes 1;\n");
});

test("nginx.service: NixOS's unit with system-manager's DynamicUser, wanted by system-manager.target", () => {
  const units = unitsOf({ services: { nginx: { enable: true } } });
  const unit = units.units["nginx.service"];
  assert.ok(unit !== undefined);
  assert.deepEqual(unit.wantedBy, ["system-manager.target"]);
  assert.equal(unit.stopIfChanged, false);
  assertGolden(join(GOLDEN, "nginx.service"), unit.text);
  const pre = [...units.files].find(([p]) => p.endsWith("/nginx-pre-start"))?.[1];
  assert.ok(pre?.kind === "file", "preStart's script, which tests the configuration");
  assert.match(pre.content.toString(), /\n\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-nginx\/bin\/nginx -c '\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-nginx\.conf' -t\n/);
});

test("enableReload: the configuration is /etc/nginx/nginx.conf, which the unit names", () => {
  const ev = evaluate({ services: { nginx: { enable: true, enableReload: true } } });
  const cfg = toJS(ev.config.lazy("environment") as Lazy) as { etc: Record<string, { source: string }> };
  assert.match(cfg.etc["nginx/nginx.conf"]?.source ?? "", /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-nginx\.conf$/);
  const unit = unitsOf({ services: { nginx: { enable: true, enableReload: true } } }).units["nginx.service"];
  assert.match(unit?.text ?? "", /^ExecStart=\S+\/bin\/nginx -c '\/etc\/nginx\/nginx\.conf'$/m);
});

test("the nginx user and group are system-manager's: uid and gid 980; another user is left alone", () => {
  const users = (cfg: unknown) => toJS(evaluate(cfg).config.lazy("users") as Lazy) as { users: Record<string, { uid: number; group: string; isSystemUser: boolean }>; groups: Record<string, { gid: number }> };
  const u = users({ services: { nginx: { enable: true } } });
  assert.deepEqual([u.users.nginx?.uid, u.users.nginx?.group, u.users.nginx?.isSystemUser, u.groups.nginx?.gid], [980, "nginx", true, 980]);
  const other = users({ services: { nginx: { enable: true, user: "www-data", group: "www-data" } }, users: { users: { "www-data": { isSystemUser: true, group: "www-data" } }, groups: { "www-data": {} } } });
  assert.equal(other.users.nginx, undefined);
  assert.equal(other.groups.nginx, undefined);
  assert.equal(users({}).users.nginx, undefined, "nothing without enable");
});

const failures = (cfg: unknown): string => {
  try {
    checkAssertions(evaluate(cfg));
  } catch (e) {
    return (e as Error).message;
  }
  return "";
};

test("NixOS's assertions: root and alias on one location, addSSL with forceSSL", () => {
  const both = failures({ services: { nginx: { enable: true, virtualHosts: { a: { locations: { "/": { root: "/srv", alias: "/srv/" } } } } } } });
  assert.match(both, /Only one of nginx root or alias can be specified on a location\./);
  const ssl = failures({ services: { nginx: { enable: true, virtualHosts: { a: { addSSL: true, forceSSL: true, sslCertificate: "/c", sslCertificateKey: "/k" } } } } });
  assert.match(ssl, /forceSSL and\nservices\.nginx\.virtualHosts\.<name>\.rejectSSL are mutually exclusive/);
});

test("ACME cannot run here: enableACME, useACMEHost and security.acme.certs each stop the build saying so", () => {
  const acme = failures({ services: { nginx: { enable: true, virtualHosts: { "example.org": { enableACME: true, forceSSL: true } } } } });
  assert.match(acme, /services\.nginx\.virtualHosts\."example\.org"\.enableACME: system-manager runs no ACME client/);
  assert.match(acme, /set services\.nginx\.virtualHosts\."example\.org"\.sslCertificate and sslCertificateKey/);
  const host = failures({ services: { nginx: { enable: true, virtualHosts: { a: { useACMEHost: "example.org", addSSL: true } } } } });
  assert.match(host, /virtualHosts\."a"\.useACMEHost: system-manager runs no ACME client/);
  const certs = failures({ security: { acme: { acceptTerms: true, certs: { "example.org": { email: "a@example.org" } } } } });
  assert.match(certs, /security\.acme\.certs\."example\.org": system-manager runs no ACME client/);
  assert.equal(failures({ security: { acme: { acceptTerms: true } } }), "", "the options alone are fine");
});

test("recommendedBrotliSettings and recommendedZstdSettings need modules Debian's nginx lacks: the build stops saying so", () => {
  const m = failures({ services: { nginx: { enable: true, recommendedBrotliSettings: true, recommendedZstdSettings: true } } });
  assert.match(m, /services\.nginx\.recommendedBrotliSettings: NixOS builds nginx with pkgs\.nginxModules\.brotli for it, which Debian's nginx \(pkgs\.nginx\) does not have/);
  assert.match(m, /services\.nginx\.recommendedZstdSettings: NixOS builds nginx with pkgs\.nginxModules\.zstd/);
});

test("an ACME host's certificate paths are security.acme's (rendered before the assertion stops the build)", () => {
  const conf = nginxConf({ services: { nginx: { enable: true, virtualHosts: { "example.org": { enableACME: true, addSSL: true } } } } });
  assert.match(conf, /\t\tssl_certificate \/var\/lib\/acme\/example\.org\/fullchain\.pem;\n\t\tssl_certificate_key \/var\/lib\/acme\/example\.org\/key\.pem;\n\t\tssl_trusted_certificate \/var\/lib\/acme\/example\.org\/chain\.pem;\n/);
  assert.match(conf, /location \^~ \/\.well-known\/acme-challenge\/ \{\n\t\t\troot \/var\/lib\/acme\/acme-challenge;\n\t\t\tauth_basic off;\n\t\t\}\n/);
});

test("golden files are read as written (no stray carriage returns)", () => {
  for (const f of ["default.nginx.conf", "rich.nginx.conf", "nginx.service"]) assert.ok(!readFileSync(join(GOLDEN, f), "utf8").includes("\r"), f);
});
