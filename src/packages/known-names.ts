/**
 * A short list of package names shipped with system-manager, for
 * suggestions when the archive's own package list is not available (no
 * network yet, nothing cached). With a list fetched, the archive's full
 * list is used instead.
 */
import { NAMES } from "./names.ts";

const COMMON = `
ack bash bash-completion bc bind9-dnsutils btop bzip2 ca-certificates cmake coreutils curl dash diffutils direnv
dnsutils emacs emacs-nox entr exa eza fd-find ffmpeg file findutils fish fzf gawk gdb gh git git-lfs gnupg golang-go
graphviz grep gzip htop hyperfine imagemagick iproute2 iputils-ping jq less lsof make man-db mercurial moreutils
mosh nano ncdu neovim netcat-openbsd nmap nodejs openssh-client p7zip-full pandoc parallel patch perl pv python3
python3-pip ranger ripgrep rsync ruby screen sed shellcheck silversearcher-ag socat sqlite3 strace subversion
starship sudo tar tig tmux tree unzip util-linux vim watch wget whois xz-utils yq zip zoxide zsh
`;

export function knownNames(): string[] {
  return [...new Set([...Object.keys(NAMES), ...COMMON.split(/\s+/).filter((n) => n !== "")])].sort();
}
