/**
 * NixOS's assertions on `services.nginx` (with its wording), plus
 * system-manager's: a virtual host asking for an ACME certificate
 * (enableACME, useACMEHost) cannot be served, since no ACME client runs
 * here (see acme-options.ts), and the brotli and zstd settings need
 * nginx modules Debian's nginx lacks.
 */
import type { NginxOptionValues } from "./nginx-cfg-of.ts";

interface Assertion {
  readonly assertion: boolean;
  readonly message: string;
}

/** Why `services.nginx.virtualHosts.<name>` cannot have its ACME certificate. */
export function acmeUnsupported(name: string, option: "enableACME" | "useACMEHost"): string {
  return (
    `services.nginx.virtualHosts."${name}".${option}: system-manager runs no ACME client (NixOS's security.acme obtains and renews certificates with lego ` +
    "over the network, which is not done here), so no certificate would ever be issued; " +
    `obtain one yourself (certbot, or any ACME client) and set services.nginx.virtualHosts."${name}".sslCertificate and sslCertificateKey to its files`
  );
}

export function nginxAssertions(cfg: NginxOptionValues): Assertion[] {
  const hosts = Object.entries(cfg.virtualHosts);
  const out: Assertion[] = [
    {
      assertion: hosts.every(([, h]) => Object.values(h.locations).every((l) => l.root === null || l.alias === null)),
      message: "Only one of nginx root or alias can be specified on a location.",
    },
    {
      assertion: hosts.every(([, h]) => [h.addSSL, h.onlySSL, h.forceSSL, h.rejectSSL].filter(Boolean).length <= 1),
      message:
        "Options services.nginx.service.virtualHosts.<name>.addSSL,\nservices.nginx.virtualHosts.<name>.onlySSL,\nservices.nginx.virtualHosts.<name>.forceSSL and\nservices.nginx.virtualHosts.<name>.rejectSSL are mutually exclusive.\n",
    },
    {
      assertion: hosts.every(([, h]) => !(h.enableACME && h.useACMEHost !== null)),
      message: "Options services.nginx.service.virtualHosts.<name>.enableACME and\nservices.nginx.virtualHosts.<name>.useACMEHost are mutually exclusive.\n",
    },
  ];
  for (const [option, module] of [["recommendedBrotliSettings", "brotli"], ["recommendedZstdSettings", "zstd"]] as const) {
    if (!cfg[option]) continue;
    out.push({
      assertion: false,
      message: `services.nginx.${option}: NixOS builds nginx with pkgs.nginxModules.${module} for it, which Debian's nginx (pkgs.nginx) does not have; remove it, or load a ${module} module yourself (services.nginx.appendConfig \`load_module …;\`) and configure it in services.nginx.appendHttpConfig`,
    });
  }
  for (const [name, h] of hosts) {
    if (h.enableACME) out.push({ assertion: false, message: acmeUnsupported(name, "enableACME") });
    else if (h.useACMEHost !== null) out.push({ assertion: false, message: acmeUnsupported(name, "useACMEHost") });
  }
  return out;
}
