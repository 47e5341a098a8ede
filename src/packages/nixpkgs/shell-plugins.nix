# Shell plugins home-manager's modules source that Debian does not
# package, as nixpkgs has them: each its repository at a pinned release
# (nixpkgs' revision and hash), fetched and checked at build time, laid
# out where the modules look.
# - bash-preexec: zsh's preexec and precmd hooks for bash (programs.atuin
#   sources share/bash/bash-preexec.sh).
# - zsh-history-substring-search (programs.zsh.historySubstringSearch).
# - oh-my-zsh (programs.zsh.oh-my-zsh: share/oh-my-zsh), its self-update
#   and uninstall functions undefined, since the store is read-only.
{
  lib,
  stdenv,
  fetchFromGitHub,
}:
let
  script =
    {
      pname,
      version,
      src,
      from,
      to,
      description,
      homepage,
    }:
    stdenv.mkDerivation {
      inherit pname version src;
      dontConfigure = true;
      dontBuild = true;
      installPhase = ''
        install -Dm755 $src/${from} $out/${to}
      '';
      meta = {
        inherit description homepage;
        platforms = lib.platforms.unix;
      };
    };
in
{
  bash-preexec = script rec {
    pname = "bash-preexec";
    version = "0.6.0";
    src = fetchFromGitHub {
      owner = "rcaloras";
      repo = "bash-preexec";
      rev = version;
      hash = "sha256-4DzbeIiUX7iXy2CeSvRC2X+XnjVk+/UiMbM/dLHx7zU=";
    };
    from = "bash-preexec.sh";
    to = "share/bash/bash-preexec.sh";
    description = "Preexec and precmd functions for Bash just like Zsh";
    homepage = "https://github.com/rcaloras/bash-preexec";
  };

  zsh-history-substring-search = script rec {
    pname = "zsh-history-substring-search";
    version = "1.1.0";
    src = fetchFromGitHub {
      owner = "zsh-users";
      repo = "zsh-history-substring-search";
      rev = "v${version}";
      hash = "sha256-GSEvgvgWi1rrsgikTzDXokHTROoyPRlU0FVpAoEmXG4=";
    };
    from = "zsh-history-substring-search.zsh";
    to = "share/zsh-history-substring-search/zsh-history-substring-search.zsh";
    description = "Fish shell history-substring-search for Zsh";
    homepage = "https://github.com/zsh-users/zsh-history-substring-search";
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
