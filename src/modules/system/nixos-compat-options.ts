/**
 * The NixOS options system-manager declares only so that NixOS
 * configurations and third-party NixOS modules evaluate (upstream's
 * nixpkgs/default.nix, sops-nix.nix and security-wrappers.nix stubs):
 * `boot` (anything, once: system-manager does not manage the kernel,
 * initrd or boot loader), `system.activationScripts.users` (userborn's
 * NixOS module reads it), sops-nix's activation scripts,
 * `i18n.glibcLocales` and `security.apparmor.includes` (which NixOS's
 * wrappers module fills). None of them is acted on; a `boot` setting,
 * which upstream drops silently, is reported with a warning naming the
 * files that set it (a shared NixOS module's boot.kernel.sysctl does not
 * reach this host); so is `services.logrotate` (upstream's no-op: the
 * host's logrotate keeps its own /etc/logrotate.d). sops-nix's scripts stay silent as upstream's: the
 * `sops` options themselves are system-manager's own (modules/system/sops),
 * whose secrets a unit installs; these only let a module that sets the
 * scripts evaluate.
 * (`fonts.fontconfig.enable` and `system.userActivationScripts` are in
 * nixos-options-for-home-manager.ts.)
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";

const { mkOption, types } = lib;

/** sops-nix's activation scripts, which system-manager does not run. */
export const SOPS_SCRIPTS = ["generate-age-key", "setupSecrets", "setupSecretsForUsers"] as const;

interface Opt {
  isDefined: boolean;
  files: string[];
}

interface Opts {
  boot: Opt;
  services: { logrotate: Opt & { highestPrio: bigint } };
}

/** Where an option was set, when its definitions have files (a module given as a value has none: `<unknown-file>`). */
const where = (o: Opt) => {
  const files = o.files.filter((f) => f !== "<unknown-file>");
  return files.length === 0 ? "" : ` (defined in ${files.map((f) => `\`${f}'`).join(", ")})`;
};

export const nixosCompatOptionsModule = ({ options, pkgs }: { options: Opts; pkgs: Record<string, unknown> }) => ({
  _file: "system-manager/modules/nixos-compat-options.ts",
  options: {
    boot: mkOption({ type: types.raw, description: "NixOS's kernel, initrd and boot loader settings. Accepted for compatibility; system-manager does not manage them, so they have no effect." }),
    services: {
      logrotate: mkOption({ type: types.attrs, default: {}, internal: true, description: "NixOS's logrotate settings. Accepted for compatibility (as upstream system-manager does); not written: the host's logrotate keeps its own configuration." }),
    },
    system: {
      activationScripts: {
        users: mkOption({ type: types.str, default: "", description: "NixOS's users activation script, which userborn's module checks is empty. system-manager creates users itself; not run." }),
        ...Object.fromEntries(SOPS_SCRIPTS.map((n) => [n, mkOption({ type: types.raw, default: "", description: "sops-nix's activation script. Accepted for compatibility; system-manager runs no activation scripts; run its text from a service, or use sops-nix's systemd activation." })])),
      },
    },
    i18n: {
      glibcLocales: mkOption({ type: types.package, default: lib.lazy(() => pkgs.glibcLocales), defaultText: "pkgs.glibcLocales", description: "The glibc locales package (Debian's `locales`). Accepted for compatibility; system-manager does not generate the host's locales." }),
    },
    security: {
      apparmor: {
        includes: mkOption({ type: types.attrsOf(types.lines), default: {}, internal: true, description: "NixOS's AppArmor include files. system-manager does not manage AppArmor; not written." }),
      },
    },
  },
  config: {
    warnings: lib.lazy(() => [
      ...(options.boot.isDefined ? [`boot has no effect: system-manager does not manage the kernel, initrd or boot loader${where(options.boot)}`] : []),
      // Set by a module (its default, priority 1500, is not): said, as boot is.
      ...(options.services.logrotate.highestPrio < 1500n ? [`services.logrotate has no effect: system-manager does not manage logrotate (the host's /etc/logrotate.d is left as it is)${where(options.services.logrotate)}`] : []),
    ]),
  },
});
