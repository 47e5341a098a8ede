/**
 * Users' login shells as system-manager writes them. A shell package (one
 * with nixpkgs' `shellPath`, as pkgs.zsh) is installed into the system
 * profile, as NixOS's users-groups.nix puts every user's shell package in
 * environment.systemPackages, and the passwd entry names it there:
 * `/run/system-manager/sw<shellPath>`, system-manager's utils.toShellPath
 * (NixOS's, with its own profile for /run/current-system/sw). A path stays
 * as given. /etc/shells is left to the host, as system-manager leaves it.
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import { showOption } from "../../module-system/option-path.ts";
import { fieldEntries } from "../field-reader.ts";
import { SYSTEM_PROFILE_LINK } from "../../store/store-path.ts";

type Js = Record<string, any>;

/** Whether `shell` is a shell package (types.shellPackage: a derivation with a shellPath). */
function isShellPackage(shell: unknown): shell is Js {
  return typeof shell === "object" && shell !== null && (shell as Js).type === "derivation" && typeof (shell as Js).shellPath === "string";
}

/**
 * The passwd field of the shell `loc` (users.users.<name>.shell) has: utils.toShellPath, whose
 * error a package that is no shell gets; null stays null (an existing user keeps its shell).
 */
export function toShellPath(loc: readonly string[], shell: unknown): string | null {
  if (shell === null || shell === undefined) return null;
  if (isShellPackage(shell)) return `${SYSTEM_PROFILE_LINK}${String(shell.shellPath)}`;
  if (typeof shell === "object" && (shell as Js).type === "derivation") {
    const out = String((shell as Js).outPath);
    throw new UserError(
      `${out} is not a shell package, for \`${showOption([...loc])}': a login shell is a package with a shellPath (as pkgs.zsh, pkgs.bashInteractive, pkgs.fish) or a path, such as "\${pkg}/bin/program"`,
    );
  }
  return String(shell);
}

interface Cfg {
  users: { users: Record<string, { shell: unknown }> };
}

export const usersShellsModule = ({ config }: { config: Cfg }) => ({
  _file: "system-manager/modules/users-shells.ts",
  config: {
    environment: {
      systemPackages: lib.lazy(() => fieldEntries<{ shell: unknown }>(config.users.users).map(([, u]) => u.get("shell")).filter(isShellPackage)),
    },
  },
});
