/**
 * `users.users.<name>` and the global `users.*` options, with NixOS's
 * names, types and defaults. `isNormalUser` sets (as mkDefault) group
 * "users", createHome, home "/home/<name>" and the default shell. Shells
 * default to the host's own (`/bin/bash`, `/usr/sbin/nologin`), not to a
 * path that exists only on NixOS; a shell package is written as its path
 * in the system profile (users-shells.ts).
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";
import { typeValue } from "../../module-system/types/option-type.ts";
import { shellPackage } from "../../lib/types-extra.ts";

const { mkOption, mkDefault, mkIf, types } = lib;
const passwd = (t: unknown) => types.passwdEntry(t);
const shellPackageType = typeValue(shellPackage);

// Types are built once, not once per user: every user's submodule evaluation reuses them.
const T = {
  passwdStr: passwd(types.str),
  passwdPath: passwd(types.path),
  nullInt: types.nullOr(types.int),
  strs: types.listOf(types.str),
  homeMode: types.strMatching("[0-7]{1,5}"),
  shell: types.nullOr(types.either(shellPackageType, passwd(types.path))),
  nullStr: types.nullOr(types.str),
  nullPasswdStr: types.nullOr(passwd(types.str)),
  packages: types.listOf(types.package),
};

type UserConfig = { isNormalUser: boolean; useDefaultShell: boolean };
type Outer = { users: { defaultUserShell: unknown; defaultUserHome: string } };

/** The declarations, one module every user shares (none of them reads `name` or `config`), then each user's defaults. */
function userSubmodule(outer: Outer) {
  const declarations = {
    options: {
      enable: mkOption({ type: types.bool, default: true, description: "Whether this user is created; when false it is left out as if not declared." }),
      name: mkOption({ type: types.str, defaultText: lib.literalExpression("name"), description: "The name of the user account (defaults to the attribute name); checked by an assertion that names where it was defined." }),
      description: mkOption({ type: T.passwdStr, default: "", example: "Alice Q. User", description: "A short description of the user account (the GECOS field)." }),
      uid: mkOption({ type: T.nullInt, default: null, description: "The account UID; null allocates one on activation." }),
      isSystemUser: mkOption({ type: types.bool, default: false, description: "Whether this is a system user (UIDs allocated below 1000, no home by default)." }),
      isNormalUser: mkOption({
        type: types.bool,
        default: false,
        description: "Whether this is a normal (human) user: sets group \"users\", createHome, home \"/home/<name>\" and the default shell, and allocates UIDs from 1000.",
      }),
      group: mkOption({ type: types.str, default: "", description: "The user's primary group; it must be declared in `users.groups`." }),
      extraGroups: mkOption({ type: T.strs, default: [], description: "The user's auxiliary groups (declared ones only)." }),
      home: mkOption({ type: T.passwdPath, default: "/var/empty", description: "The user's home directory." }),
      homeMode: mkOption({ type: T.homeMode, default: "700", description: "The mode of a home directory created with `createHome`." }),
      createHome: mkOption({ type: types.bool, default: false, description: "Whether to create the home directory, owned by the user, if it does not exist." }),
      useDefaultShell: mkOption({ type: types.bool, default: false, description: "Whether the shell is `users.defaultUserShell`." }),
      shell: mkOption({
        type: T.shell,
        default: "/usr/sbin/nologin",
        description:
          "The user's login shell: a path, or a shell package (as pkgs.zsh), installed into the system profile and written as /run/system-manager/sw/bin/zsh; null keeps an existing user's shell.",
      }),
      ignoreShellProgramCheck: mkOption({
        type: types.bool,
        default: false,
        description: "Whether to skip the check that a zsh, fish or xonsh package shell has its `programs.<shell>.enable` set (for a shell made to work otherwise).",
      }),
      hashedPassword: mkOption({ type: T.nullPasswdStr, default: null, description: "The hashed password (crypt(3) format); \"!\" locks the account." }),
      hashedPasswordFile: mkOption({ type: T.nullStr, default: null, description: "A file holding the hashed password, read on activation." }),
      password: mkOption({ type: T.nullStr, default: null, description: "A clear-text password (stored world-readable: prefer hashedPassword)." }),
      initialPassword: mkOption({ type: T.nullStr, default: null, description: "A clear-text password set only when the user is created." }),
      initialHashedPassword: mkOption({ type: T.nullPasswdStr, default: null, description: "A hashed password set only when the user is created." }),
      packages: mkOption({ type: T.packages, default: [], description: "Packages installed into /etc/profiles/per-user/<name>." }),
      linger: mkOption({ type: types.bool, default: false, description: "Whether the user's systemd manager runs without a login session." }),
    },
  };
  const defaults = ({ name, config }: { name: string; config: UserConfig }) => ({
    config: {
      // The attribute name, as an option default (NixOS's `default = name`).
      name: lib.mkOptionDefault(name),
      group: mkIf(() => config.isNormalUser, mkDefault("users")),
      createHome: mkIf(() => config.isNormalUser, mkDefault(true)),
      home: mkIf(() => config.isNormalUser, mkDefault(lib.lazy(() => `${outer.users.defaultUserHome}/${name}`))),
      useDefaultShell: mkIf(() => config.isNormalUser, mkDefault(true)),
      shell: mkIf(() => config.useDefaultShell, mkDefault(lib.lazy(() => outer.users.defaultUserShell))),
    },
  });
  return [declarations, defaults];
}

export const usersModule = ({ config }: { config: Outer }) => ({
  _file: "system-manager/modules/users.ts",
  options: {
    users: {
      users: mkOption({ type: types.attrsOf(types.submodule(userSubmodule(config))), default: {}, description: "The user accounts of the system." }),
      mutableUsers: mkOption({ type: types.bool, default: true, description: "Whether users not declared here are left alone (always true on a host system-manager shares)." }),
      defaultUserShell: mkOption({ type: types.either(passwd(types.path), shellPackageType), default: "/bin/bash", description: "The shell of normal users." }),
      defaultUserHome: mkOption({ type: types.str, default: "/home", description: "The directory under which normal users' homes are placed." }),
      enforceIdUniqueness: mkOption({ type: types.bool, default: true, description: "Whether explicit UIDs and GIDs must be unique." }),
    },
  },
});
