/**
 * `security.sudo`: NixOS's option surface as system-manager wires it. Off
 * by default; the host's /usr/bin/sudo is used (Debian's `sudo`), so
 * `package` is not installed and no wrapper is made. When enabled,
 * /etc/sudoers is generated as NixOS's module writes it (the root and
 * wheel rules, extraRules, extraConfig, plus system-manager's
 * `@includedir /etc/sudoers.d`), replaces (with a backup) the host's
 * file, is copied with mode 0440, and must pass the host's
 * `visudo -c -f` before it is put in place.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { renderSudoers, type SudoRule } from "./sudoers.ts";

const { mkOption, mkIf, mkMerge, mkOrder, mkAfter, types } = lib;

const TAGS = ["NOPASSWD", "PASSWD", "NOEXEC", "EXEC", "SETENV", "NOSETENV", "LOG_INPUT", "NOLOG_INPUT", "LOG_OUTPUT", "NOLOG_OUTPUT", "MAIL", "NOMAIL", "FOLLOW", "NOFLLOW", "INTERCEPT", "NOINTERCEPT"];

const commandModule = {
  options: {
    command: mkOption({
      type: types.str,
      description: 'A command: a binary\'s path (any arguments), the command with its arguments, or with `""` as its argument (no arguments allowed).',
    }),
    options: mkOption({ type: types.listOf(types.enum(TAGS)), default: [], description: "Tags for running the command (sudoers(5), Tag_Spec)." }),
  },
};

const userOrId = types.listOf(types.either(types.str, types.int));

const ruleModule = {
  options: {
    users: mkOption({ type: userOrId, default: [], description: "The user names / UIDs this rule applies to." }),
    groups: mkOption({ type: userOrId, default: [], description: "The groups / GIDs this rule applies to." }),
    host: mkOption({ type: types.str, default: "ALL", description: "For what host this rule applies." }),
    runAs: mkOption({ type: types.str, default: "ALL:ALL", description: 'As which user/group the commands may run: `"foo"`, `"foo:bar"` or `":bar"`.' }),
    commands: mkOption({ type: types.listOf(types.either(types.str, types.submodule(commandModule))), description: "The commands the rule applies to." }),
  },
};

/** Where the host's visudo is (Debian's `sudo` package). */
export const VISUDO = "/usr/sbin/visudo";

interface SudoCfg {
  security: {
    sudo: { enable: boolean; defaultOptions: string[]; wheelNeedsPassword: boolean; keepTerminfo: boolean; extraRules: SudoRule[]; extraConfig: string; configFile: string };
  };
}

const defaultRule = (who: { users?: string[]; groups?: string[] }, options: string[]) => [{ users: who.users ?? [], groups: who.groups ?? [], commands: [{ command: "ALL", options }] }];

export const sudoModule = ({ config }: { config: SudoCfg }) => {
  const cfg = () => config.security.sudo;
  return {
    _file: "system-manager/modules/security/sudo.ts",
    options: {
      security: {
        sudo: {
          enable: mkOption({ type: types.bool, default: false, description: "Whether to manage /etc/sudoers for the host's `sudo` command, which allows non-root users to run commands as root." }),
          package: mkOption({
            type: types.nullOr(types.package),
            default: null,
            description: "Not installed: system-manager uses the host's /usr/bin/sudo (Debian's `sudo`), which is setuid and uses the host's PAM.",
          }),
          defaultOptions: mkOption({ type: types.listOf(types.str), default: ["SETENV"], description: "Options of the default rules, which let `root` and the `wheel` group run any command as any user." }),
          wheelNeedsPassword: mkOption({ type: types.bool, default: true, description: "Whether users of the `wheel` group must give a password to run commands as super user via sudo." }),
          execWheelOnly: mkOption({
            type: types.bool,
            default: false,
            description: "Only members of `wheel` may execute sudo (NixOS sets the wrapper's permissions; the host's sudo is not changed by system-manager).",
          }),
          keepTerminfo: mkOption({ type: types.bool, default: true, description: "Whether to preserve the `TERMINFO` and `TERMINFO_DIRS` environment variables, for `root` and the `wheel` group." }),
          configFile: mkOption({ type: types.lines, description: "The contents of the sudoers file." }),
          extraRules: mkOption({ type: types.listOf(types.submodule(ruleModule)), default: [], description: "Rules of the sudoers file; more specific rules should come after more general ones (order with mkBefore/mkAfter)." }),
          extraConfig: mkOption({ type: types.lines, default: "", description: "Extra configuration text appended to sudoers." }),
        },
        pam: {
          services: mkOption({ type: types.attrsOf(types.anything), default: {}, internal: true, description: "Not managed: system-manager leaves PAM to the host." }),
        },
      },
    },
    config: mkIf(() => cfg().enable, {
      security: {
        sudo: {
          extraRules: mkMerge([
            mkOrder(400, lib.lazy(() => defaultRule({ users: ["root"] }, cfg().defaultOptions))),
            mkOrder(600, lib.lazy(() => defaultRule({ groups: ["wheel"] }, [...(cfg().wheelNeedsPassword ? [] : ["NOPASSWD"]), ...cfg().defaultOptions]))),
          ]),
          extraConfig: mkMerge([
            mkIf(() => cfg().keepTerminfo, mkAfter("# Keep terminfo database for root and %wheel.\nDefaults:root,%wheel env_keep+=TERMINFO_DIRS\nDefaults:root,%wheel env_keep+=TERMINFO\n")),
            "@includedir /etc/sudoers.d\n",
          ]),
          configFile: lib.lazy(() => renderSudoers(cfg().extraRules, cfg().extraConfig)),
        },
      },
      environment: {
        etc: {
          sudoers: {
            text: lib.lazy(() => cfg().configFile),
            mode: "0440",
            replaceExisting: true,
            validate: {
              command: [VISUDO, "-c", "-f", "%s"],
              origins: ["security.sudo.extraRules", "security.sudo.extraConfig", "security.sudo.configFile"],
            },
          },
        },
      },
    }),
  };
};
