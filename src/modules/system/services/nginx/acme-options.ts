/**
 * `security.acme`: NixOS's option surface (acceptTerms, defaults, certs),
 * so configurations written for NixOS evaluate. No ACME client runs here:
 * a declared certificate stops the build with an error saying so, as does
 * a virtual host asking for one (nginx-assertions.ts).
 */
import { jsLib as lib } from "../../../../module-system/js-lib.ts";

const { mkOption, types } = lib;

const certOptions = {
  email: mkOption({ type: types.nullOr(types.str), default: null, description: "Email address for account creation and correspondence from the CA." }),
  server: mkOption({ type: types.nullOr(types.str), default: null, description: "ACME Directory Resource URI." }),
  webroot: mkOption({ type: types.nullOr(types.str), default: null, example: "/var/lib/acme/acme-challenge", description: "Where the webroot of the HTTP vhost is located." }),
  group: mkOption({ type: types.nullOr(types.str), default: null, description: "Group running the ACME client." }),
  dnsProvider: mkOption({ type: types.nullOr(types.str), default: null, example: "route53", description: "DNS Challenge provider." }),
};

const certModule = ({ name }: { name: string }) => ({
  options: {
    ...certOptions,
    domain: mkOption({ type: types.str, default: name, description: "Domain to fetch certificate for (defaults to the entry name)." }),
    extraDomainNames: mkOption({ type: types.listOf(types.str), default: [], description: "A list of extra domain names, which are included in the one certificate to be issued." }),
    directory: mkOption({ type: types.str, default: `/var/lib/acme/${name}`, description: "Directory where certificate and other state is stored." }),
  },
});

interface Cfg {
  security: { acme: { certs: Record<string, unknown> } };
}

export const acmeModule = ({ config }: { config: Cfg }) => ({
  _file: "system-manager/modules/security/acme.ts",
  options: {
    security: {
      acme: {
        acceptTerms: mkOption({ type: types.bool, default: false, description: "Accept the CA's terms of service." }),
        defaults: mkOption({ type: types.submodule({ options: certOptions }), default: {}, description: "Default values inheritable by all configured certs." }),
        certs: mkOption({ type: types.attrsOf(types.submodule(certModule)), default: {}, description: "Attribute set of certificates to get signed and renewed." }),
      },
    },
  },
  config: {
    assertions: lib.lazy(() =>
      Object.keys(config.security.acme.certs).map((name) => ({
        assertion: false,
        message: `security.acme.certs."${name}": system-manager runs no ACME client (NixOS's security.acme obtains and renews certificates with lego over the network, which is not done here); obtain the certificate yourself and point the service at its files`,
      })),
    ),
  },
});
