# pkgs.vimPlugins: nixpkgs' Vim plugins that Debian packages are its
# packages' plugin directories (Debian installs a plugin at
# /usr/share/<package>, its root), copied as links into a plugin
# derivation "vimplugin-<name>"; every other name is a plugin value
# whose use (its path, as a pack directory or a file source needs it)
# fails, naming pkgs.vimPlugins.<name>. Names are nixpkgs'; the table maps
# them to the Debian packages where the two differ. The few plugins
# home-manager's modules add by default and Debian lacks (programs.vim's
# vim-sensible) are fetched from their repositories at a pinned commit,
# hash-checked, as nixpkgs builds them.
{
  lib,
  pkgs,
  openSet,
  runCommand,
  toVimPlugin,
  buildVimPlugin,
}:
let
  fetched = {
    vim-sensible = {
      owner = "tpope";
      repo = "vim-sensible";
      rev = "3e878abfd6ddc6fb5dba48b41f2b72c3a2f8249f";
      hash = "sha256-wdbUjdR/lGP0v9gblgQXNaokMpUluLZrfujWTy1oXoI=";
    };
  };

  fromRepository =
    name: src:
    buildVimPlugin {
      pname = name;
      version = builtins.substring 0 7 src.rev;
      src = pkgs.fetchFromGitHub src;
    };

  renamed = {
    ale = "vim-ale";
    command-t = "vim-command-t";
    ctrlp-vim = "vim-ctrlp";
    editorconfig-vim = "vim-editorconfig";
    julia-vim = "vim-julia";
    syntastic = "vim-syntastic";
    tabular = "vim-tabular";
    tlib_vim = "vim-tlib";
    ultisnips = "vim-ultisnips";
    vader-vim = "vim-vader";
    vim-colors-solarized = "vim-solarized";
    vim-addon-mw-utils = "vim-addon-mw-utils";
  };
  sameName = [
    "vim-airline"
    "vim-airline-themes"
    "vim-fugitive"
    "vim-gitgutter"
    "vim-lastplace"
    "vim-ledger"
    "vim-pathogen"
    "vim-puppet"
    "vim-rails"
    "vim-snipmate"
    "vim-snippets"
    "vim-textobj-user"
  ];
  debianPackages = renamed // lib.genAttrs sameName (n: n);

  fromDebian =
    name: package:
    toVimPlugin (
      runCommand "vimplugin-${name}"
        {
          pname = name;
          inherit package;
          deb = pkgs.${package};
        }
        ''
          ${import ./debian-closure.nix}
          root=""
          for ref in $(closureOf "$deb"); do
            base="''${ref##*/}"
            case "''${base:33}" in "$package"-[0-9]*) ;; *) continue ;; esac
            for dir in "$ref/usr/share/$package" "$ref"/usr/share/nvim/site/pack/*/start/* "$ref/usr/share/vim/addons"; do
              if [ -d "$dir" ]; then root="$dir"; break 2; fi
            done
          done
          if [ -z "$root" ]; then
            echo "pkgs.vimPlugins.$pname: the Debian package $package ($deb) has no plugin directory (/usr/share/$package)" >&2
            exit 1
          fi
          mkdir -p $out
          for f in "$root"/*; do ln -s "$f" "$out/$(basename "$f")"; done
        ''
      // {
        dependencies = [ ];
        runtimeDeps = [ ];
      }
    );

  missing =
    name:
    let
      why = "Cannot use pkgs.vimPlugins.${name}: Debian does not package this Vim plugin; build it with pkgs.vimUtils.buildVimPlugin { pname = \"${name}\"; version = \"…\"; src = …; }, or remove it from the configuration";
    in
    {
      type = "derivation";
      pname = name;
      name = "vimplugin-${name}";
      vimPlugin = true;
      outPath = throw why;
      drvPath = throw why;
      meta = { };
      passthru = { };
    };
in
openSet (
  name:
  if debianPackages ? ${name} then
    fromDebian name debianPackages.${name}
  else if fetched ? ${name} then
    fromRepository name fetched.${name}
  else
    missing name
)
