/**
 * What a Debian binary needs beyond patching to run from the store: the
 * data paths compiled into it (git's exec path and templates, vim's
 * runtime), set by a small wrapper. Values name store paths as `${self}`
 * (the package itself) or `${pkg:NAME}` (a member of its closure); a last
 * path segment ending in `*` is matched in that store path when wrapping
 * (vim's runtime is vim90 in Debian 12, vim91 in 13). "set" overrides the
 * caller's value, "default" keeps one the caller set. `files` are written
 * into the output where modules expect a file nixpkgs' package has and
 * Debian's puts elsewhere or points at /usr (home-manager's bash sources
 * `${pkgs.bash-completion}/etc/profile.d/bash_completion.sh`), with the
 * same `${self}` and `${pkg:NAME}` in their text.
 */
export interface EnvFixup {
  readonly name: string;
  readonly value: string;
  readonly mode: "set" | "default";
}

export interface Fixup {
  readonly env: readonly EnvFixup[];
  /** Path in the output → its text. */
  readonly files?: Readonly<Record<string, string>>;
}

export type FixupTable = Readonly<Record<string, Fixup>>;

const VIM: Fixup = {
  env: [
    { name: "VIM", value: "${pkg:vim-common}/usr/share/vim", mode: "default" },
    { name: "VIMRUNTIME", value: "${pkg:vim-runtime}/usr/share/vim/vim*", mode: "default" },
  ],
};

// Debian's /etc/profile.d/bash_completion.sh, loading the completions from the store instead of /usr/share.
const BASH_COMPLETION_SH = `# system-manager: Debian's profile.d/bash_completion.sh, with its completions from the store.
if [ "x\${BASH_VERSION-}" != x -a "x\${PS1-}" != x -a "x\${BASH_COMPLETION_VERSINFO-}" = x ]; then
    if [ "\${BASH_VERSINFO[0]}" -gt 4 ] || [ "\${BASH_VERSINFO[0]}" -eq 4 -a "\${BASH_VERSINFO[1]}" -ge 2 ]; then
        [ -r "\${XDG_CONFIG_HOME:-$HOME/.config}/bash_completion" ] && . "\${XDG_CONFIG_HOME:-$HOME/.config}/bash_completion"
        if shopt -q progcomp && [ -r "\${self}/usr/share/bash-completion/bash_completion" ]; then
            . "\${self}/usr/share/bash-completion/bash_completion"
        fi
    fi
fi
`;

/** By Debian package name. */
export const FIXUPS: FixupTable = {
  "bash-completion": { env: [], files: { "etc/profile.d/bash_completion.sh": BASH_COMPLETION_SH } },
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
