# Shell plugins home-manager's modules source that Debian does not
# package, as nixpkgs has them: each its repository at a pinned release
# (nixpkgs' revision and hash), fetched and checked at build time, laid
# out where the modules look.
# - bash-preexec: zsh's preexec and precmd hooks for bash (programs.atuin
#   sources share/bash/bash-preexec.sh).
# - zsh-history-substring-search (programs.zsh.historySubstringSearch).
# - oh-my-zsh (programs.zsh.oh-my-zsh: share/oh-my-zsh), its self-update
#   and uninstall functions undefined, since the store is read-only.
# - zsh-vi-mode (share/zsh-vi-mode/zsh-vi-mode.plugin.zsh),
#   zsh-you-should-use (share/zsh/plugins/you-should-use/, running the
#   host's tput, which every Debian system has) and zsh-powerlevel10k
#   (share/zsh-powerlevel10k/powerlevel10k.zsh-theme; its gitstatus fetches
#   gitstatusd into the user's cache when first used, as upstream's does),
#   which configurations source through programs.zsh.plugins, and
#   nix-direnv (programs.direnv.nix-direnv: share/nix-direnv/direnvrc, its
#   `use nix` and `use flake` running the host's nix, and saying so where
#   there is none); these pins are releases newer than nixpkgs', their
#   hashes computed from the repositories' trees at those tags.
# Each is `fromGitHub`: its repository ("owner/repo") at `rev`, and either
# one file installed as a program (`from` → `to`) or files copied into a
# directory (`files` → `to`).
{
  lib,
  stdenv,
  fetchFromGitHub,
}:
let
  fromGitHub =
    {
      pname,
      version,
      repository,
      rev,
      hash,
      to,
      from ? null,
      files ? [ ],
      description,
    }:
    let
      parts = lib.splitString "/" repository;
    in
    stdenv.mkDerivation {
      inherit pname version;
      src = fetchFromGitHub {
        owner = builtins.elemAt parts 0;
        repo = builtins.elemAt parts 1;
        inherit rev hash;
      };
      dontConfigure = true;
      dontBuild = true;
      installPhase =
        if from != null then
          ''
            install -Dm755 $src/${from} $out/${to}
          ''
        else
          ''
            mkdir -p $out/${to}
            cp -r ${lib.concatStringsSep " " files} $out/${to}/
          '';
      meta = {
        inherit description;
        homepage = "https://github.com/${repository}";
        platforms = lib.platforms.unix;
      };
    };
in
{
  nix-direnv = fromGitHub {
    pname = "nix-direnv";
    version = "3.2.0";
    repository = "nix-community/nix-direnv";
    rev = "3.2.0";
    hash = "sha256-dNJeSRuuqA2avtLpTse7mTTmnYdVnC5BxRsofuLXiqE=";
    from = "direnvrc";
    to = "share/nix-direnv/direnvrc";
    description = "Fast, persistent use_nix implementation for direnv";
  };

  zsh-vi-mode = fromGitHub {
    pname = "zsh-vi-mode";
    version = "0.12.0";
    repository = "jeffreytse/zsh-vi-mode";
    rev = "v0.12.0";
    hash = "sha256-EYr/jInRGZSDZj+QVAc9uLJdkKymx1tjuFBWgpsaCFw=";
    files = [ "*.zsh" ];
    to = "share/zsh-vi-mode";
    description = "Better and friendly vi(vim) mode plugin for ZSH";
  };

  zsh-you-should-use = fromGitHub {
    pname = "zsh-you-should-use";
    version = "1.11.1";
    repository = "MichaelAquilina/zsh-you-should-use";
    rev = "refs/tags/1.11.1";
    hash = "sha256-a/DNVxD55Bh6AmSh5C4z4JpZM5xUiQgoaFoDgYPQsbo=";
    from = "you-should-use.plugin.zsh";
    to = "share/zsh/plugins/you-should-use/you-should-use.plugin.zsh";
    description = "ZSH plugin that reminds you to use existing aliases for commands you just typed";
  };

  zsh-powerlevel10k = fromGitHub {
    pname = "powerlevel10k";
    version = "1.20.0";
    repository = "romkatv/powerlevel10k";
    rev = "v1.20.0";
    hash = "sha256-ES5vJXHjAKw/VHjWs8Au/3R+/aotSbY7PWnWAMzCR8E=";
    files = [ "*.zsh-theme" "config" "gitstatus" "internal" "prompt_powerlevel10k_setup" "prompt_powerlevel9k_setup" ];
    to = "share/zsh-powerlevel10k";
    description = "Fast reimplementation of Powerlevel9k ZSH theme";
  };

  bash-preexec = fromGitHub {
    pname = "bash-preexec";
    version = "0.6.0";
    repository = "rcaloras/bash-preexec";
    rev = "0.6.0";
    hash = "sha256-4DzbeIiUX7iXy2CeSvRC2X+XnjVk+/UiMbM/dLHx7zU=";
    from = "bash-preexec.sh";
    to = "share/bash/bash-preexec.sh";
    description = "Preexec and precmd functions for Bash just like Zsh";
  };

  zsh-history-substring-search = fromGitHub {
    pname = "zsh-history-substring-search";
    version = "1.1.0";
    repository = "zsh-users/zsh-history-substring-search";
    rev = "v1.1.0";
    hash = "sha256-GSEvgvgWi1rrsgikTzDXokHTROoyPRlU0FVpAoEmXG4=";
    from = "zsh-history-substring-search.zsh";
    to = "share/zsh-history-substring-search/zsh-history-substring-search.zsh";
    description = "Fish shell history-substring-search for Zsh";
  };

  oh-my-zsh = stdenv.mkDerivation {
    pname = "oh-my-zsh";
    version = "2024-10-01";
    src = fetchFromGitHub {
      owner = "ohmyzsh";
      repo = "ohmyzsh";
      rev = "f4423ebd09fbc7670815c3c20cc86c81b7319e5f";
      hash = "sha256-JlYgWssS1DT1/Jlk6fOZqyEr6ta3ky6tlDqDZbJ1A9k=";
    };
    dontConfigure = true;
    dontBuild = true;
    installPhase = ''
      dir=$out/share/oh-my-zsh
      mkdir -p $dir
      cp -r $src/. $dir
      chmod -R u+w $dir
      rm -rf $dir/.git*
      printf '\n# The store is read-only: no self-update, no uninstall.\nunfunction uninstall_oh_my_zsh upgrade_oh_my_zsh 2>/dev/null\n' >> $dir/oh-my-zsh.sh
    '';
    meta = {
      description = "Framework for managing your zsh configuration";
      homepage = "https://ohmyz.sh/";
      platforms = lib.platforms.all;
    };
  };
}
