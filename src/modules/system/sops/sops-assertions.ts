/**
 * sops-nix's assertions (a key source configured; owner xor uid, group
 * xor gid; neededForUsers secrets root-owned; a template's owner xor uid),
 * worded as sops-nix words them, and system-manager's own: PGP keys and age
 * plugins, which it does not support.
 */
import type { SopsCfg } from "./sops-manifest.ts";

interface Assertion {
  assertion: boolean;
  message: string;
}

export function sopsAssertions(cfg: SopsCfg): Assertion[] {
  const secrets = Object.values(cfg.secrets);
  return [
    {
      assertion: cfg.age.keyFile !== null || cfg.age.sshKeyPaths.length > 0 || cfg.gnupg.home !== null || cfg.gnupg.sshKeyPaths.length > 0,
      message: "No key source configured for sops. Either set services.openssh.enable or set sops.age.keyFile or sops.gnupg.home",
    },
    {
      assertion: cfg.gnupg.home === null && cfg.gnupg.sshKeyPaths.length === 0,
      message: "sops.gnupg.home and sops.gnupg.sshKeyPaths are not supported by system-manager: only age keys decrypt sops files here (sops.age.keyFile, sops.age.sshKeyPaths)",
    },
    { assertion: cfg.age.plugins.length === 0, message: "sops.age.plugins are not supported by system-manager: use sops.age.keyFile or sops.age.sshKeyPaths" },
    ...(cfg.validateSopsFiles
      ? secrets.flatMap((s) => [
          { assertion: !(s.uid !== null && s.uid !== 0 && s.owner !== null), message: `In ${s.name} exactly one of sops.owner and sops.uid must be set` },
          { assertion: !(s.gid !== null && s.gid !== 0 && s.group !== null), message: `In ${s.name} exactly one of sops.group and sops.gid must be set` },
        ])
      : []),
    {
      assertion: secrets.filter((s) => s.neededForUsers && ((s.uid !== 0 && s.owner !== "root") || (s.gid !== 0 && s.group !== "root"))).length === 0,
      message: "neededForUsers cannot be used for secrets that are not root-owned",
    },
    ...Object.entries(cfg.templates).flatMap(([name, t]) => [
      { assertion: !(t.owner !== null && t.uid !== 0), message: `Assertion failed for \`sops.templates.${name}\`:\nBoth \`owner\` and \`uid\` cannot be defined at the same time. Use either \`owner\` or leave \`uid\` as 0.` },
      { assertion: !(t.group !== null && t.gid !== 0), message: `Assertion failed for \`sops.templates.${name}\`:\nBoth \`group\` and \`gid\` cannot be defined at the same time. Use either \`group\` or leave \`gid\` as 0.` },
    ]),
  ];
}
