/**
 * nixpkgs' `passthru.shellPath` of its login shells: where in the package
 * the shell is (pkgs.zsh's "/bin/zsh"). It makes a package a
 * `types.shellPackage`, which `users.users.<name>.shell` takes, and
 * NixOS's `utils.toShellPath` writes a user's shell as the system
 * profile's `<profile><shellPath>`. The packages the providers give carry
 * it as nixpkgs' do.
 */

export const SHELL_PATHS: Readonly<Record<string, string>> = {
  bash: "/bin/bash",
  bashInteractive: "/bin/bash",
  busybox: "/bin/ash",
  dash: "/bin/dash",
  elvish: "/bin/elvish",
  fish: "/bin/fish",
  ion: "/bin/ion",
  ksh: "/bin/ksh",
  loksh: "/bin/loksh",
  mksh: "/bin/mksh",
  nushell: "/bin/nu",
  oksh: "/bin/oksh",
  powershell: "/bin/pwsh",
  tcsh: "/bin/tcsh",
  xonsh: "/bin/xonsh",
  yash: "/bin/yash",
  zsh: "/bin/zsh",
};

/** `{ shellPath }` for a nixpkgs attribute that is a login shell, else nothing: the fields to spread into its package value. */
export function shellPathField(attr: string): { shellPath?: string } {
  return Object.hasOwn(SHELL_PATHS, attr) ? { shellPath: SHELL_PATHS[attr] as string } : {};
}
