/**
 * What a Debian binary needs beyond patching to run from the store: the
 * data paths compiled into it (git's exec path and templates, vim's
 * runtime), set by a small wrapper. Values name store paths as `${self}`
 * (the package itself) or `${pkg:NAME}` (a member of its closure); a last
 * path segment ending in `*` is matched in that store path when wrapping
 * (vim's runtime is vim90 in Debian 12, vim91 in 13). "set" overrides the
 * caller's value, "default" keeps one the caller set.
 */
export interface EnvFixup {
  readonly name: string;
  readonly value: string;
  readonly mode: "set" | "default";
}

export interface Fixup {
  readonly env: readonly EnvFixup[];
}

export type FixupTable = Readonly<Record<string, Fixup>>;

const VIM: Fixup = {
  env: [
    { name: "VIM", value: "${pkg:vim-common}/usr/share/vim", mode: "default" },
    { name: "VIMRUNTIME", value: "${pkg:vim-runtime}/usr/share/vim/vim*", mode: "default" },
  ],
};

/** By Debian package name. */
export const FIXUPS: FixupTable = {
  git: {
    env: [
      { name: "GIT_EXEC_PATH", value: "${self}/usr/lib/git-core", mode: "set" },
      { name: "GIT_TEMPLATE_DIR", value: "${self}/usr/share/git-core/templates", mode: "default" },
    ],
  },
  vim: VIM,
  "vim-nox": VIM,
  "vim-gtk3": VIM,
  "vim-tiny": { env: [{ name: "VIM", value: "${pkg:vim-common}/usr/share/vim", mode: "default" }] },
};

/**
 * Names `update-alternatives` would manage that a profile must not take
 * over from the host: generic commands several packages provide.
 */
export const GENERIC_ALTERNATIVES: ReadonlySet<string> = new Set([
  "editor", "pager", "rmt", "which", "awk", "nawk", "nc", "netcat", "view", "ex", "rview", "rvim",
  "www-browser", "x-www-browser", "x-terminal-emulator", "x-window-manager", "x-session-manager", "infobrowser", "mt", "c++", "cc", "cpp", "builtins.7.gz",
]);
