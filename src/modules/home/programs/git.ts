/**
 * `programs.git`: ~/.config/git/config rendered with toGitINI from
 * `settings` (a set, or a list of ordered fragments), signing, LFS and
 * hooks, with includes after everything else; `ignores` and `attributes`
 * as their own files when not empty; the package in home.packages.
 * As home-manager, the legacy signing default (stateVersion < 25.05)
 * writes `[gpg] format = "openpgp"` even when nothing is signed.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { linkFarmStorePath, textStorePath } from "../../../store/text-store-path.ts";
import { toGitINI } from "../git-ini.ts";

const { mkOption, mkIf, mkMerge, types } = lib;

type Ini = Record<string, unknown>;
interface Include { path: string | null; condition: string | null; contents: Ini; contentSuffix: string }
interface Git {
  enable: boolean;
  package: { outPath: string } | null;
  settings: Ini | Ini[];
  iniContent: Ini;
  ignores: string[];
  attributes: string[];
  includes: Include[];
  hooks: Record<string, string>;
  lfs: { enable: boolean; package: { outPath: string }; skipSmudge: boolean };
  signing: { key: string | null; format: string | null; signer: string | null; signByDefault: boolean | null };
}
interface Cfg {
  programs: { git: Git };
  home: { stateVersion: string };
}

const legacySigning = (stateVersion: string) => stateVersion < "25.05";

/** home-manager's gitIniType: sections of keys, or of subsections of keys; values are strings, bools, ints or lists of them. */
const primitiveType = types.either(types.str, types.either(types.bool, types.int));
const multipleType = types.either(primitiveType, types.listOf(primitiveType));
const gitIniType = types.attrsOf(types.attrsOf(types.either(multipleType, types.attrsOf(multipleType))));

const includeType = types.submodule({
  options: {
    path: mkOption({ type: types.nullOr(types.str), default: null, description: "The file to include." }),
    condition: mkOption({ type: types.nullOr(types.str), default: null, description: "An includeIf condition (e.g. \"gitdir:~/work/\")." }),
    contents: mkOption({ type: types.attrsOf(types.anything), default: {}, description: "Settings to write to a file that is included." }),
    contentSuffix: mkOption({ type: types.str, default: "gitconfig", description: "Name suffix of the file holding `contents`." }),
  },
});

const includeFileName = (inc: Include) => `hm_${inc.contentSuffix}`;

function includeSection(inc: Include): string {
  const path = inc.path ?? textStorePath(includeFileName(inc), toGitINI(inc.contents));
  const header = inc.condition === null ? "[include]" : `[includeIf "${inc.condition}"]`;
  return `${header}\n\tpath = ${JSON.stringify(path)}\n`;
}

export function renderGitConfig(git: Git): string {
  const fragments = Array.isArray(git.settings) ? git.settings : [];
  const pieces = [toGitINI(git.iniContent), ...fragments.map(toGitINI), ...git.includes.map(includeSection)];
  return pieces.filter((p) => p.trim() !== "").join("\n");
}

export const gitModule = ({ config, pkgs }: { config: Cfg; pkgs: Record<string, unknown> }) => {
  const cfg = () => config.programs.git;
  const git = (...p: string[]) => ["programs", "git", ...p];
  return {
    _file: "home-manager/modules/programs/git.ts",
    // home-manager's 2025 renames: the old names still work, with a warning.
    imports: [
      lib.mkRenamedOptionModule(git("userName"), git("settings", "user", "name")),
      lib.mkRenamedOptionModule(git("userEmail"), git("settings", "user", "email")),
      lib.mkRenamedOptionModule(git("aliases"), git("settings", "alias")),
      lib.mkRenamedOptionModule(git("extraConfig"), git("settings")),
    ],
    options: {
      programs: {
        git: {
          enable: lib.mkEnableOption("Git"),
          package: mkOption({ type: types.nullOr(types.package), default: lib.lazy(() => pkgs.git), description: "The git package to install (null: do not install)." }),
          settings: mkOption({
            type: types.either(gitIniType, types.listOf(gitIniType)),
            default: {},
            example: { user: { name: "Alice", email: "alice@example.com" }, core: { editor: "vim" } },
            description: "Git configuration: a set, or a list of sets rendered in order after it.",
          }),
          iniContent: mkOption({ type: types.attrsOf(types.anything), internal: true, description: "The merged set rendered first." }),
          ignores: mkOption({ type: types.listOf(types.str), default: [], description: "Patterns for ~/.config/git/ignore." }),
          attributes: mkOption({ type: types.listOf(types.str), default: [], description: "Lines for ~/.config/git/attributes." }),
          includes: mkOption({ type: types.listOf(includeType), default: [], description: "Files to include, optionally conditionally." }),
          hooks: mkOption({ type: types.attrsOf(types.path), default: {}, description: "Hooks by name, linked into core.hooksPath." }),
          lfs: {
            enable: lib.mkEnableOption("Git Large File Storage"),
            package: mkOption({ type: types.package, default: lib.lazy(() => pkgs["git-lfs"]), description: "The git-lfs package." }),
            skipSmudge: mkOption({ type: types.bool, default: false, description: "Skip downloading LFS objects on checkout." }),
          },
          signing: {
            key: mkOption({ type: types.nullOr(types.str), default: null, description: "The default signing key." }),
            format: mkOption({
              type: types.nullOr(types.enum(["openpgp", "ssh", "x509"])),
              default: lib.lazy(() => (legacySigning(config.home.stateVersion) ? "openpgp" : null)),
              defaultText: lib.literalExpression('if lib.versionAtLeast config.home.stateVersion "25.05" then null else "openpgp"'),
              description: "The signature format (default \"openpgp\" before stateVersion 25.05, null after).",
            }),
            signer: mkOption({ type: types.nullOr(types.str), default: null, description: "The program that signs (default from the format)." }),
            signByDefault: mkOption({ type: types.nullOr(types.bool), default: null, description: "Sign commits and tags by default." }),
          },
        },
      },
    },
    config: mkIf(() => cfg().enable, {
      home: {
        packages: mkIf(() => cfg().package !== null, [lib.lazy(() => cfg().package)]),
        textFiles: lib.lazy(() => cfg().includes.filter((i) => i.path === null).map((i) => ({ name: includeFileName(i), text: toGitINI(i.contents) }))),
        linkFarms: lib.lazy(() => (Object.keys(cfg().hooks).length > 0 ? { "git-hooks": hookLinks(cfg().hooks) } : {})),
      },
      programs: {
        git: {
          iniContent: mkMerge([
            lib.lazy(() => (Array.isArray(cfg().settings) ? {} : cfg().settings)),
            lib.lazy(() => signingSettings(cfg(), pkgs)),
            lib.lazy(() => (cfg().lfs.enable ? lfsSettings(cfg()) : {})),
            lib.lazy(() => (Object.keys(cfg().hooks).length > 0 ? { core: { hooksPath: hooksDir(cfg().hooks) } } : {})),
          ]),
        },
      },
      xdg: {
        configFile: {
          "git/config": { text: lib.lazy(() => renderGitConfig(cfg())) },
          "git/ignore": mkIf(() => cfg().ignores.length > 0, { text: lib.lazy(() => cfg().ignores.join("\n") + "\n") }),
          "git/attributes": mkIf(() => cfg().attributes.length > 0, { text: lib.lazy(() => cfg().attributes.join("\n") + "\n") }),
        },
      },
    }),
  };
};

function signingSettings(git: Git, pkgs: Record<string, unknown>): Ini {
  const s = git.signing;
  const out: Ini = {};
  if (s.key !== null) out.user = { signingKey: s.key };
  if (s.signByDefault !== null) Object.assign(out, { commit: { gpgSign: s.signByDefault }, tag: { gpgSign: s.signByDefault } });
  if (s.format !== null) {
    const defaults: Record<string, () => string> = {
      openpgp: () => `${(pkgs.gnupg as { outPath: string }).outPath}/bin/gpg`,
      ssh: () => `${(pkgs.openssh as { outPath: string }).outPath}/bin/ssh-keygen`,
      x509: () => `${(pkgs.gnupg as { outPath: string }).outPath}/bin/gpgsm`,
    };
    out.gpg = { format: s.format, [s.format]: { program: s.signer ?? (defaults[s.format] as () => string)() } };
  }
  return out;
}

function lfsSettings(git: Git): Ini {
  const bin = `${git.lfs.package.outPath}/bin/git-lfs`;
  const skip = git.lfs.skipSmudge ? " --skip" : "";
  return { filter: { lfs: { clean: `${bin} clean -- %f`, process: `${bin} filter-process${skip}`, required: true, smudge: `${bin} smudge${skip} -- %f` } } };
}

function hookLinks(hooks: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(hooks).map(([n, p]) => [n, String(p)]));
}

function hooksDir(hooks: Record<string, string>): string {
  return linkFarmStorePath("git-hooks", hookLinks(hooks));
}
