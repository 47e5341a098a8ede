# pkgs.bash-preexec: zsh's preexec and precmd hooks for bash, which
# home-manager's atuin module sources in bash
# (share/bash/bash-preexec.sh). Debian does not package it; as nixpkgs,
# it is the script of its repository at a released tag, fetched and
# checked against nixpkgs' hash.
{
  lib,
  stdenvNoCC,
  fetchFromGitHub,
}:
stdenvNoCC.mkDerivation (finalAttrs: {
  pname = "bash-preexec";
  version = "0.6.0";
  src = fetchFromGitHub {
    owner = "rcaloras";
    repo = "bash-preexec";
    rev = finalAttrs.version;
    hash = "sha256-4DzbeIiUX7iXy2CeSvRC2X+XnjVk+/UiMbM/dLHx7zU=";
  };
  dontConfigure = true;
  dontBuild = true;
  installPhase = ''
    install -Dm755 $src/bash-preexec.sh $out/share/bash/bash-preexec.sh
  '';
  meta = {
    description = "Preexec and precmd functions for Bash just like Zsh";
    homepage = "https://github.com/rcaloras/bash-preexec";
    license = lib.licenses.mit;
    platforms = lib.platforms.unix;
  };
})
