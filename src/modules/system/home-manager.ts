/**
 * The NixOS-style home-manager module (`home-manager.nixosModules.home-manager`):
 * `home-manager.users.<name>` is a home-manager configuration per user,
 * evaluated with the home modules; `home.username`, `home.homeDirectory`
 * and `home.uid` come from `users.users.<name>`, which must exist.
 * `useUserPackages` puts `home.packages` into `users.users.<name>.packages`
 * (/etc/profiles/per-user/<name>); `useGlobalPkgs` shares the system's
 * `pkgs`. Users' assertions and warnings are re-emitted as
 * "<user> profile: …".
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";
import { homeModules } from "../home/index.ts";
import { showOption } from "../../module-system/option-path.ts";

const { mkOption, mkDefault, mkIf, types } = lib;

interface OsUser {
  name: string;
  home: string;
  uid: number | null;
  isNormalUser: boolean;
  isSystemUser: boolean;
}
interface HomeCfg {
  assertions: { assertion: boolean; message: string }[];
  warnings: string[];
  home: { packages: unknown[] };
}
interface Cfg {
  users: { users: Record<string, OsUser> };
  "home-manager": {
    users: Record<string, HomeCfg>;
    useGlobalPkgs: boolean;
    useUserPackages: boolean;
    sharedModules: unknown[];
    extraSpecialArgs: Record<string, unknown>;
  };
}

/** Where our own home-manager NixOS module says its declarations are. */
export const HOME_MANAGER_FILE = "home-manager/nixos/default.ts";

export const HOME_MANAGER_MODULE_KEY = "home-manager/nixos";

export const homeManagerModule = ({ config, pkgs }: { config: Cfg; pkgs: unknown }) => {
  const hm = () => config["home-manager"];
  const osUser = (name: string): OsUser | undefined => config.users.users[name];
  // useUserPackages itself adds users.users.<name>.packages, so "declared" means declared as an account.
  const declared = (name: string) => {
    const u = osUser(name);
    return u !== undefined && (u.isNormalUser || u.isSystemUser);
  };
  const userBase = ({ name }: { name: string }) => ({
    _file: HOME_MANAGER_FILE,
    config: {
      home: {
        username: mkDefault(lib.lazy(() => osUser(name)?.name ?? name)),
        homeDirectory: mkDefault(lib.lazy(() => osUser(name)?.home ?? `/home/${name}`)),
        uid: mkDefault(lib.lazy(() => osUser(name)?.uid ?? null)),
      },
      submoduleSupport: {
        useGlobalPkgs: lib.lazy(() => hm().useGlobalPkgs),
        externalPackageInstall: lib.lazy(() => hm().useUserPackages),
      },
      _module: { args: lib.lazy(() => hm().extraSpecialArgs) },
    },
  });
  const shared = { _file: "home-manager/nixos/shared-modules", imports: lib.lazy(() => hm().sharedModules) };
  const userType = types.attrsOf(
    types.submoduleWith({
      modules: [...homeModules, userBase, shared],
      specialArgs: { osConfig: lib.lazy(() => config), pkgs: lib.lazy(() => pkgs), osClass: "nixos" },
      class: "homeManager",
      description: "Home Manager module",
    }),
  );
  return {
    _file: HOME_MANAGER_FILE,
    key: HOME_MANAGER_MODULE_KEY,
    options: {
      "home-manager": {
        users: mkOption({ type: userType, default: {}, description: "Per-user Home Manager configuration; each name must also be in users.users." }),
        useGlobalPkgs: mkOption({ type: types.bool, default: false, description: "Use the system's pkgs (and nixpkgs configuration) instead of Home Manager's own." }),
        useUserPackages: mkOption({ type: types.bool, default: false, description: "Install home.packages into /etc/profiles/per-user/<name>." }),
        backupFileExtension: mkOption({ type: types.nullOr(types.str), default: null, example: "backup", description: "Move an existing file Home Manager would replace to <file>.<extension>." }),
        extraSpecialArgs: mkOption({ type: types.attrs, default: {}, description: "Extra arguments passed to every user's modules." }),
        sharedModules: mkOption({ type: types.listOf(types.raw), default: [], description: "Modules imported into every user's configuration." }),
        verbose: mkOption({ type: types.bool, default: false, description: "Log verbosely during activation." }),
      },
    },
    config: {
      assertions: lib.lazy(() =>
        Object.entries(hm().users).flatMap(([name, u]) => [
          {
            assertion: declared(name),
            message: `${showOption(["home-manager", "users", name])} is set, but user "${name}" is not declared in users.users: Home Manager reads the home directory and name from users.users.${name}.`,
            loc: ["home-manager", "users", name],
          },
          // The message is read only when the assertion fails.
          ...(!declared(name)
            ? []
            : u.assertions.map((a) => ({
                get assertion() {
                  return a.assertion;
                },
                get message() {
                  return `${name} profile: ${a.message}`;
                },
              }))),
        ]),
      ),
      warnings: lib.lazy(() => Object.entries(hm().users).flatMap(([name, u]) => (!declared(name) ? [] : u.warnings.map((w) => `${name} profile: ${w}`)))),
      users: {
        users: mkIf(() => hm().useUserPackages, lib.lazy(() => Object.fromEntries(Object.entries(hm().users).map(([name, u]) => [name, { packages: u.home.packages }])))),
      },
    },
  };
};
