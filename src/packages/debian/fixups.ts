/**
 * What a Debian binary needs beyond patching to run from the store: the
 * data paths compiled into it (git's exec path and templates, vim's
 * runtime), set by a small wrapper. Values name store paths as `${self}`
 * (the package itself), `${pkg:NAME}` (a member of its closure) or
 * `${out}` (the output, whose bin/ holds the programs as wrapped), and
 * `${multiarch}` is the package's triplet (x86_64-linux-gnu); a last
 * path segment ending in `*` is matched in that store path when wrapping
 * (vim's runtime is vim90 in Debian 12, vim91 in 13). "set" overrides the
 * caller's value, "default" keeps one the caller set. `files` are written
 * into the output where modules expect a file nixpkgs' package has and
 * Debian's puts elsewhere or points at /usr (home-manager's bash sources
 * `${pkgs.bash-completion}/etc/profile.d/bash_completion.sh`), with the
 * same `${self}` and `${pkg:NAME}` in their text, plus `${out}` (the
 * output itself) and, in a file under bin/ (which replaces that program's
 * link, or is a program of its own), `${target}`: the program it replaces. `links` are symbolic links
 * of the output (same `${self}` and `${pkg:NAME}` in their targets) where
 * nixpkgs' package has a directory Debian's keeps elsewhere (nginx's
 * conf/ and html/); a target that is not there is an error naming it.
 */
import { EMACS_FIXUPS } from "./emacs-fixup.ts";

export interface EnvFixup {
  readonly name: string;
  readonly value: string;
  readonly mode: "set" | "default";
}

export interface Fixup {
  readonly env: readonly EnvFixup[];
  /** Path in the output → its text. */
  readonly files?: Readonly<Record<string, string>>;
  /** Path in the output → the target of a symbolic link there. */
  readonly links?: Readonly<Record<string, string>>;
  /**
   * Path in the output → a file of the closure the output holds itself (a
   * hard link, else a copy), replacing bin/'s link: for a program that
   * finds its data beside the path it runs from.
   */
  readonly copies?: Readonly<Record<string, string>>;
  /**
   * Path in the output → a directory several members of the closure
   * install into (a pattern: `{version}` a version number, `*` any name),
   * made one tree of links to their entries (linked-tree.ts); the
   * programs of its bin/ are the output's too. nixpkgs' JDKs have their
   * home in lib/openjdk; Debian's is usr/lib/jvm/java-17-openjdk-amd64,
   * split over the jre-headless, jre, jdk-headless and jdk packages.
   */
  readonly trees?: Readonly<Record<string, string>>;
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

// Debian's zsh has its module and function directories compiled in under /usr: its wrapper gives it a
// first .zshenv of its own (ZDOTDIR) that points module_path and fpath at the store, then restores
// ZDOTDIR and reads the user's own. The "-zsh" (argv[0]) sshd and login start a login shell with is
// lost on the way through a script: started with no arguments by them, zsh is made a login shell (-l).
const ZSH: Fixup = {
  env: [],
  files: {
    "bin/zsh": `#!/bin/sh
# system-manager: runs Debian's zsh from the store, its modules and functions found there.
export SYSTEM_MANAGER_ZDOTDIR="\${ZDOTDIR-}"
export ZDOTDIR='\${out}/lib/system-manager/zsh'
if [ $# -eq 0 ] && read -r parent < /proc/$PPID/comm 2>/dev/null; then
  case $parent in
    sshd|sshd-session|login) exec '\${target}' -l ;;
  esac
fi
exec '\${target}' "$@"
`,
    "lib/system-manager/zsh/.zshenv": `# system-manager: Debian's zsh looks for its modules and functions under /usr; they are in the store.
module_path=(\${module_path/#\\/usr\\/lib\\//\${self}/usr/lib/})
fpath=(\${fpath/#\\/usr\\/share\\/zsh\\//\${pkg:zsh-common}/usr/share/zsh/})
if [[ -n $SYSTEM_MANAGER_ZDOTDIR ]]; then ZDOTDIR=$SYSTEM_MANAGER_ZDOTDIR; else unset ZDOTDIR; fi
unset SYSTEM_MANAGER_ZDOTDIR
[[ -r \${ZDOTDIR:-$HOME}/.zshenv ]] && source \${ZDOTDIR:-$HOME}/.zshenv
`,
  },
};

// nixpkgs' dockerd runs with its libexec/docker first on its PATH: containerd (and its runc shim), runc,
// docker-init and docker-proxy of its own closure, and iptables; Debian's looks for them on the host's PATH.
const DOCKER: Fixup = {
  env: [],
  files: {
    "bin/dockerd": `#!/bin/sh
# system-manager: runs Debian's dockerd with containerd, runc, docker-init, docker-proxy and iptables of its closure first on its PATH,
# that iptables finding its extensions (-j RETURN, -m conntrack…) in the store, not under the host's /usr/lib.
PATH='\${out}/libexec/docker'"\${PATH:+:$PATH}"; export PATH
XTABLES_LIBDIR='\${pkg:iptables}/usr/lib/\${multiarch}/xtables'; export XTABLES_LIBDIR
exec '\${target}' "$@"
`,
  },
  links: {
    "libexec/docker/containerd": "${pkg:containerd}/usr/bin/containerd",
    "libexec/docker/containerd-shim-runc-v2": "${pkg:containerd}/usr/bin/containerd-shim-runc-v2",
    "libexec/docker/ctr": "${pkg:containerd}/usr/bin/ctr",
    "libexec/docker/runc": "${pkg:runc}/usr/sbin/runc",
    "libexec/docker/docker-init": "${self}/usr/bin/docker-init",
    "libexec/docker/docker-proxy": "${self}/usr/sbin/docker-proxy",
    "libexec/docker/iptables": "${pkg:iptables}/usr/sbin/iptables-nft",
    "libexec/docker/ip6tables": "${pkg:iptables}/usr/sbin/ip6tables-nft",
  },
};

// nixpkgs' nginx has conf/ (mime.types, fastcgi.conf…) and html/ (index.html); Debian's are nginx-common's
// /etc/nginx and /usr/share/nginx/html. nixpkgs' keeps the temporary files of a configuration that names
// none under /tmp; Debian's under /var/lib/nginx, which installing Debian's package makes and nginx does
// not (it makes only the last component): its wrapper makes it when it is missing (as root: anyone else cannot).
const NGINX: Fixup = {
  env: [],
  files: {
    "bin/nginx": `#!/bin/sh
# system-manager: runs Debian's nginx from the store; its temporary files go under /var/lib/nginx, made here as Debian's package would.
[ -d /var/lib/nginx ] || mkdir -m 0755 /var/lib/nginx 2>/dev/null
exec '\${target}' "$@"
`,
  },
  links: { conf: "${pkg:nginx-common}/etc/nginx", html: "${pkg:nginx-common}/usr/share/nginx/html" },
};

// Debian's iptables looks for its extensions (libxt_standard.so: -j RETURN/ACCEPT…) under /usr/lib/<triplet>/xtables.
const IPTABLES: Fixup = { env: [{ name: "XTABLES_LIBDIR", value: "${self}/usr/lib/${multiarch}/xtables", mode: "default" }] };

// Debian's fish looks for its functions and completions under /usr/share/fish, compiled in, unless it
// runs as PREFIX/bin/fish beside PREFIX/share/fish and PREFIX/etc/fish (fish's relocatable layout): the
// output holds the program itself, share/fish (fish-common's), and an etc/fish whose config.fish
// reads the host's /etc/fish as Debian's fish does (conf.d, where programs.fish writes, then config.fish).
const FISH: Fixup = {
  env: [],
  copies: { "bin/fish": "${self}/usr/bin/fish" },
  links: { "share/fish": "${pkg:fish-common}/usr/share/fish" },
  files: {
    "etc/fish/config.fish": `# system-manager: fish from the store takes this directory as its own /etc/fish; the host's is read here.
for __sm_file in /etc/fish/conf.d/*.fish
    source $__sm_file
end
set -e __sm_file
test -f /etc/fish/config.fish; and source /etc/fish/config.fish
`,
  },
};

// A JDK's home, as nixpkgs' `jdk.home` names it: Debian's JDKs and JREs, the default ones and each version.
const JAVA_HOME: Fixup = { env: [], trees: { "lib/openjdk": "usr/lib/jvm/java-{version}-openjdk-*" } };
const JAVA_PACKAGES = [
  ...["jdk", "jdk-headless", "jre", "jre-headless"].map((k) => `default-${k}`),
  ...[11, 17, 21, 25].flatMap((v) => ["jdk", "jdk-headless", "jre", "jre-headless"].map((k) => `openjdk-${v}-${k}`)),
];

/** By Debian package name. */
export const FIXUPS: FixupTable = {
  ...EMACS_FIXUPS,
  ...Object.fromEntries(JAVA_PACKAGES.map((p) => [p, JAVA_HOME])),
  "docker.io": DOCKER,
  fish: FISH,
  iptables: IPTABLES,
  "bash-completion": { env: [], files: { "etc/profile.d/bash_completion.sh": BASH_COMPLETION_SH } },
  nginx: NGINX,
  git: {
    env: [
      { name: "GIT_EXEC_PATH", value: "${self}/usr/lib/git-core", mode: "set" },
      { name: "GIT_TEMPLATE_DIR", value: "${self}/usr/share/git-core/templates", mode: "default" },
    ],
  },
  // Calibre's programs (Python scripts) look for its modules, resources, extensions and other programs (ours: wrapped) under /usr.
  calibre: {
    env: [
      { name: "CALIBRE_PYTHON_PATH", value: "${self}/usr/lib/calibre", mode: "default" },
      { name: "CALIBRE_RESOURCES_PATH", value: "${self}/usr/share/calibre", mode: "default" },
      { name: "CALIBRE_EXTENSIONS_PATH", value: "${pkg:calibre-bin}/usr/lib/calibre/calibre/plugins", mode: "default" },
      { name: "CALIBRE_EXECUTABLES_PATH", value: "${out}/bin", mode: "default" },
    ],
  },
  // VLC looks for its plugins under /usr/lib/<triplet>/vlc/plugins; Debian's vlc has them in these three members.
  vlc: {
    env: [
      {
        name: "VLC_PLUGIN_PATH",
        value: ["vlc-plugin-base", "vlc-plugin-video-output", "vlc-plugin-qt"].map((p) => `\${pkg:${p}}/usr/lib/\${multiarch}/vlc/plugins`).join(":"),
        mode: "default",
      },
    ],
  },
  // FIGlet's fonts, and cowsay's cows, are found under /usr/share unless these say where.
  figlet: { env: [{ name: "FIGLET_FONTDIR", value: "${self}/usr/share/figlet", mode: "default" }] },
  cowsay: { env: [{ name: "COWPATH", value: "${self}/usr/share/cowsay/cows", mode: "default" }] },
  // toilet has no variable for its fonts' directory (/usr/share/figlet, toilet-fonts'): an option first, which the caller's -d overrides.
  toilet: {
    env: [],
    files: {
      "bin/toilet": `#!/bin/sh
# system-manager: runs toilet with its fonts from the store.
exec '\${target}' -d '\${pkg:toilet-fonts}/usr/share/figlet' "$@"
`,
    },
  },
  // nixpkgs' imv has bin/imv, upstream's launcher of its Wayland or X11 build; Debian's has only those two.
  imv: {
    env: [],
    files: {
      "bin/imv": `#!/bin/sh
# system-manager: imv, as upstream's launcher runs it: imv-wayland under Wayland, imv-x11 otherwise.
if [ -n "\${WAYLAND_DISPLAY-}" ]; then exec '\${out}/bin/imv-wayland' "$@"; fi
exec '\${out}/bin/imv-x11' "$@"
`,
    },
  },
  vim: VIM,
  zsh: ZSH,
  // nixpkgs' systemd has its user units in example/systemd/user (home-manager's systemd.user.tmpfiles links them); Debian's are in usr/lib/systemd/user.
  systemd: { env: [], links: { "example/systemd/user": "${self}/usr/lib/systemd/user" } },
  // nixpkgs' mesa has its DRI drivers in lib/dri (where /run/opengl-driver/lib/dri finds them); Debian's are under the triplet.
  "libgl1-mesa-dri": { env: [], links: { "lib/dri": "${self}/usr/lib/${multiarch}/dri" } },
  // nixpkgs' vte has etc/profile.d/vte.sh; Debian's library has it in libvte-2.91-common, named for the API version.
  "libvte-2.91-0": { env: [], links: { "etc/profile.d/vte.sh": "${pkg:libvte-2.91-common}/etc/profile.d/vte-2.91.sh" } },
  // nixpkgs' zsh plugins keep their scripts under share/<name>, where NixOS's and home-manager's modules source them.
  "zsh-autosuggestions": { env: [], links: { "share/zsh-autosuggestions": "${self}/usr/share/zsh-autosuggestions" } },
  "zsh-syntax-highlighting": { env: [], links: { "share/zsh-syntax-highlighting": "${self}/usr/share/zsh-syntax-highlighting" } },
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
  "www-browser", "x-www-browser", "gnome-www-browser", "x-terminal-emulator", "x-window-manager", "x-session-manager", "infobrowser", "mt", "c++", "cc", "cpp", "builtins.7.gz",
]);
