/**
 * NixOS's check of users' shells: a user whose shell is `pkgs.zsh`,
 * `pkgs.fish` or `pkgs.xonsh` needs `programs.<shell>.enable`, or the
 * shell starts without the system's directories on its PATH; set
 * `users.users.<name>.ignoreShellProgramCheck` to skip it. NixOS's
 * message, except that where no `programs.<shell>` module exists here,
 * the fix it suggests would be refused as an unknown option, so the
 * message says so and names the one that works.
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";
import { fieldEntries } from "../field-reader.ts";
import type { Assertion } from "./users-assertions.ts";

const SHELLS = ["fish", "xonsh", "zsh"] as const;

interface User {
  enable: boolean;
  name: string;
  shell: unknown;
  ignoreShellProgramCheck: boolean;
}
interface Cfg {
  users: { users: Record<string, User> };
  programs?: Record<string, { enable?: boolean } | undefined>;
}
type Pkgs = Record<string, { outPath: unknown } | undefined>;

/** Which of the checked shells `shell` is, as NixOS's `user.shell == pkgs.<shell>` (the same package). */
function checkedShell(shell: unknown, pkgs: Pkgs): string | undefined {
  if (typeof shell !== "object" || shell === null) return undefined;
  const pname = (shell as { pname?: unknown }).pname;
  const name = SHELLS.find((s) => s === pname);
  if (name === undefined) return undefined;
  return String((shell as { outPath: unknown }).outPath) === String(pkgs[name]?.outPath) ? name : undefined;
}

export function shellProgramAssertions(config: Cfg, options: Record<string, unknown>, pkgs: Pkgs): Assertion[] {
  const out: Assertion[] = [];
  for (const [key, u] of fieldEntries<User>(config.users.users)) {
    if (!u.get("enable") || u.get("ignoreShellProgramCheck")) continue;
    const shell = checkedShell(u.get("shell"), pkgs);
    if (shell === undefined || config.programs?.[shell]?.enable === true) continue;
    const name = u.get("name");
    const declared = (options.programs as Record<string, unknown> | undefined)?.[shell] !== undefined;
    const fix = declared
      ? `You can fix it with:\nprograms.${shell}.enable = true;\n\nIf you know what you're doing and you are fine with the behavior,\nset users.users.${name}.ignoreShellProgramCheck = true;\ninstead.\n`
      : `system-manager has no programs.${shell} module: once the shell finds\n/run/system-manager/sw/bin by other means, set\nusers.users.${name}.ignoreShellProgramCheck = true;\n`;
    out.push({
      assertion: false,
      message: `users.users.${name}.shell is set to ${shell}, but\nprograms.${shell}.enable is not true. This will cause the ${shell}\nshell to lack the basic nix directories in its PATH and might make\nlogging in as that user impossible. ${fix}`,
      loc: ["users", "users", key, "shell"],
    });
  }
  return out;
}

export const usersShellCheckModule = ({ config, options, pkgs }: { config: Cfg; options: Record<string, unknown>; pkgs: Pkgs }) => ({
  _file: "system-manager/modules/users-shell-check.ts",
  config: { assertions: lib.lazy(() => shellProgramAssertions(config, options, pkgs)) },
});
