/**
 * sops-nix's `sops` options (Mic92/sops-nix modules/sops: secrets,
 * templates, placeholder, defaultSopsFile/Format/Key, validateSopsFiles,
 * keepGenerations, useTmpfs, age.keyFile/sshKeyPaths/generateKey), for
 * flakes and TypeScript configurations alike. A flake's
 * `inputs.sops-nix.nixosModules.sops` (or `.default`) is answered by a
 * built-in stand-in (flake/builtin-inputs.ts) whose module is empty: these
 * options are always declared. The real module is not evaluated: its
 * config is a manifest for sops-install-secrets, a Go program Debian does
 * not ship, run from NixOS activation scripts system-manager does not
 * run. What that program does is done natively instead (src/secrets): the
 * manifest (the same fields) goes into the generation at
 * /etc/system-manager/sops/manifest.json, with a copy of each sops file
 * (encrypted, as sops-nix puts it in the store), and
 * sops-install-secrets.service (as sops-nix's systemd activation: a
 * oneshot, at boot and whenever a switch changes the manifest or a sops
 * file) runs `system-manager install-secrets` on it: decrypts every
 * secret with Debian's age and the host's identities, then writes
 * /run/secrets.d/<N> on a ramfs and swaps /run/secrets to it, restarting
 * the secrets' restartUnits whose content changed. Before a switch writes
 * anything, the manifest's /etc check decrypts every secret in memory: a
 * missing or wrong key, a tampered file or a missing key path stops the
 * switch, naming the secret and the file. Secrets marked neededForUsers
 * go to /run/secrets-for-users by their own unit, run first. PGP
 * (sops.gnupg) and age plugins are not supported: an assertion says so.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { textStorePath } from "../../../store/text-store-path.ts";
import { etcTextName } from "../etc.ts";
import { STORE_DIR } from "../../../store/store-path.ts";
import { secretModule, type Secret } from "./secret-options.ts";
import { placeholderOption, templateModule } from "./template-options.ts";
import { secretsManifest, sopsFileCopies, type SopsCfg } from "./sops-manifest.ts";
import { sopsAssertions } from "./sops-assertions.ts";

const { mkOption, mkIf, types } = lib;

export const MANIFEST_TARGET = "system-manager/sops/manifest.json";
export const USERS_MANIFEST_TARGET = "system-manager/sops/manifest-for-users.json";

interface Args {
  config: { sops: SopsCfg; users: { users: Record<string, { group: string }> }; services: { openssh?: { enable: boolean; hostKeys: Array<{ type: string; path: string }> } } };
  pkgs: { age: { outPath: string } };
  "system-manager": { outPath: string };
}

const pathText = (p: unknown) => (typeof p === "object" && p !== null && "path" in p ? String((p as { path: string }).path) : String(p));

/** sha256 of a sops file's content (sops-nix's sopsFileHash, builtins.hashFile). */
export const sopsFileHash = (p: unknown): string => createHash("sha256").update(readFileSync(pathText(p))).digest("hex");

export const sopsModule = ({ config, pkgs, "system-manager": systemManager }: Args) => {
  const cfg = () => config.sops;
  const primaryGroup = (u: string) => config.users.users[u]?.group ?? u;
  const secret = secretModule({
    defaultSopsFile: () => cfg().defaultSopsFile,
    defaultSopsFormat: () => cfg().defaultSopsFormat,
    defaultSopsKey: () => cfg().defaultSopsKey,
    validateSopsFiles: () => cfg().validateSopsFiles,
    primaryGroup,
    fileHash: sopsFileHash,
  });
  const regular = () => Object.values(cfg().secrets).filter((s: Secret) => !s.neededForUsers);
  const forUsers = () => Object.values(cfg().secrets).filter((s: Secret) => s.neededForUsers);
  const tools = () => ({ age: `${pkgs.age.outPath}/bin/age`, ageKeygen: `${pkgs.age.outPath}/bin/age-keygen` });
  const manifest = () => secretsManifest(cfg(), regular(), Object.values(cfg().templates), { ...tools(), mountPoint: "/run/secrets.d", link: "/run/secrets", ignorePasswd: false });
  const usersManifest = () => secretsManifest(cfg(), forUsers(), [], { ...tools(), mountPoint: "/run/secrets-for-users.d", link: "/run/secrets-for-users", ignorePasswd: true });
  const cli = () => `${systemManager.outPath}/bin/system-manager`;
  const openssh = () => config.services.openssh;
  const unit = (target: string, text: () => string, extra: Record<string, unknown>) => ({
    wantedBy: ["system-manager.target"],
    before: ["system-manager.target"],
    after: ["local-fs.target", "systemd-sysusers.service", "userborn.service"],
    restartTriggers: lib.lazy(() => [textStorePath(etcTextName(target), text())]),
    unitConfig: { DefaultDependencies: false, RequiresMountsFor: lib.lazy(() => [STORE_DIR, ...(cfg().age.keyFile === null ? [] : [cfg().age.keyFile]), ...cfg().age.sshKeyPaths.map(pathText)]) },
    serviceConfig: { Type: "oneshot", RemainAfterExit: true, ExecStart: lib.lazy(() => `${cli()} install-secrets /etc/${target}`) },
    ...extra,
  });
  const etcManifest = (text: () => string, what: string) => ({ text: lib.lazy(text), validate: { command: lib.lazy(() => [cli(), "install-secrets", "--check", "%s"]), origins: [what] } });
  return {
    _file: "system-manager/modules/sops/sops.ts",
    options: {
      sops: {
        secrets: mkOption({ type: types.attrsOf(types.submodule(secret)), default: {}, description: "Path where the latest secrets are mounted to." }),
        defaultSopsFile: mkOption({ type: types.path, description: "Default sops file used for all secrets." }),
        defaultSopsFormat: mkOption({ type: types.str, default: "yaml", description: "Default sops format used for all secrets." }),
        defaultSopsKey: mkOption({ type: types.nullOr(types.str), default: null, description: 'Default key used to lookup in all secrets. This option is ignored if format is binary. "" means whole file.' }),
        validateSopsFiles: mkOption({ type: types.bool, default: true, description: "Check all sops files at evaluation time: each is copied into the generation (encrypted). With false, sopsFile is read from the host at activation." }),
        keepGenerations: mkOption({ type: types.ints.unsigned, default: 1, description: "Number of secrets generations to keep. Setting this to 0 disables pruning." }),
        log: mkOption({ type: types.listOf(types.enum(["keyImport", "secretChanges"])), default: ["keyImport", "secretChanges"], description: "What to log" }),
        environment: mkOption({ type: types.attrsOf(types.either(types.str, types.path)), default: {}, description: "Environment variables to set before calling sops-install-secrets (system-manager's own installer reads none of them)." }),
        package: mkOption({ type: types.raw, default: null, description: "sops-install-secrets package to use. Not used: system-manager installs secrets itself." }),
        validationPackage: mkOption({ type: types.raw, default: null, description: "sops-install-secrets package to use when validating configuration. Not used." }),
        useTmpfs: mkOption({ type: types.bool, default: false, description: "Use tmpfs in place of ramfs for secrets storage." }),
        useSystemdActivation: mkOption({ type: types.bool, default: true, description: "Use a systemd unit to install secrets. system-manager always does." }),
        age: {
          keyFile: mkOption({ type: types.nullOr(types.str), default: null, example: "/var/lib/sops-nix/key.txt", description: "Path to age key file used for sops decryption." }),
          plugins: mkOption({ type: types.listOf(types.package), default: [], description: "List of plugins to use for sops decryption (not supported)." }),
          generateKey: mkOption({ type: types.bool, default: false, description: "Whether or not to generate the age key. If this option is set to false, the key must already be present at the specified location." }),
          sshKeyPaths: mkOption({
            type: types.listOf(types.path),
            default: lib.lazy(() => {
              const o = openssh();
              return o?.enable === true ? o.hostKeys.filter((k) => k.type === "ed25519" && !k.path.startsWith("/run/secrets")).map((k) => k.path) : [];
            }),
            defaultText: lib.literalMD("The ed25519 keys from {option}`config.services.openssh.hostKeys`"),
            description: "Paths to ssh keys added as age keys during sops description.",
          }),
        },
        gnupg: {
          home: mkOption({ type: types.nullOr(types.str), default: null, example: "/root/.gnupg", description: "Path to gnupg database directory containing the key for decrypting the sops file (not supported)." }),
          sshKeyPaths: mkOption({ type: types.listOf(types.path), default: [], description: "Path to ssh keys added as GPG keys during sops description (not supported)." }),
        },
        templates: mkOption({ type: types.attrsOf(types.submodule(templateModule(primaryGroup))), default: {}, description: "Templates for secret files" }),
        placeholder: placeholderOption,
      },
    },
    config: mkIf(() => Object.keys(cfg().secrets).length > 0 || Object.keys(cfg().templates).length > 0, {
      assertions: lib.lazy(() => sopsAssertions(cfg())),
      sops: { placeholder: lib.lazy(() => Object.fromEntries(Object.keys(cfg().secrets).map((n) => [n, lib.mkDefault(`<SOPS:${createHash("sha256").update(n).digest("hex")}:PLACEHOLDER>`)]))) },
      environment: {
        etc: lib.lazy(() => ({
          ...sopsFileCopies(cfg()),
          ...(regular().length + Object.keys(cfg().templates).length > 0 ? { [MANIFEST_TARGET]: etcManifest(manifest, "sops.secrets") } : {}),
          ...(forUsers().length > 0 ? { [USERS_MANIFEST_TARGET]: etcManifest(usersManifest, "sops.secrets (neededForUsers)") } : {}),
        })),
      },
      systemd: {
        services: lib.lazy(() => ({
          ...(regular().length + Object.keys(cfg().templates).length > 0 ? { "sops-install-secrets": unit(MANIFEST_TARGET, manifest, { description: "Install sops secrets in /run/secrets" }) } : {}),
          ...(forUsers().length > 0
            ? { "sops-install-secrets-for-users": unit(USERS_MANIFEST_TARGET, usersManifest, { description: "Install sops secrets in /run/secrets-for-users", before: ["system-manager.target", "sops-install-secrets.service", "userborn.service", "systemd-sysusers.service"] }) }
            : {}),
        })),
      },
    }),
  };
};
