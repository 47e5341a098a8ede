# nixpkgs' makeCustomizable for Vim: `vim-full.customize { name;
# vimrcConfig | vimrcFile; … }` (home-manager's programs.vim) gives a Vim
# whose programs read the given vimrc: wrappers `exec -a "$0" VIM/bin/EXE
# -u VIMRC "$@"` for each of vim, gvim, rvim, rgvim, evim, vimdiff,
# gvimdiff (and vi) the package has, named after `name` unless it is
# "vim"; with name "vim" the wrappers are joined with the package itself
# (buildEnv, the package at low priority) as nixpkgs does.
{
  lib,
  runCommand,
  buildEnv,
  vimUtils,
  shell,
}:
let
  makeCustomizable =
    vim:
    vim
    // {
      customize =
        {
          name ? "vim",
          standalone ? name != "vim",
          vimrcConfig ? { },
          vimrcFile ? null,
          gvimrcFile ? null,
          vimExecutableName ? name,
          gvimExecutableName ? "g${name}",
          ...
        }:
        let
          vimrc =
            if vimrcFile != null then
              vimrcFile
            else if vimrcConfig != { } then
              vimUtils.vimrcFile vimrcConfig
            else
              throw "at least one of vimrcConfig and vimrcFile must be specified";
          gvimrcFlag = lib.optionalString (gvimrcFile != null) " -U ${lib.escapeShellArg gvimrcFile}";
          bin = runCommand "${name}-bin" { } ''
            mkdir -p "$out/bin"
            wrap() {
              printf '#! %s -e\nexec -a "$0" "%s"  -u %s%s "$@"\n' ${lib.escapeShellArg shell} "${vim}/bin/$1" ${lib.escapeShellArg (lib.escapeShellArg vimrc)} "$3" > "$out/bin/$2"
              chmod +x "$out/bin/$2"
            }
            for exe in vim gvim rvim rgvim evim vimdiff gvimdiff vi; do
              [[ -e ${vim}/bin/$exe ]] || continue
              case $exe in
                ${if standalone then "vi) continue ;;" else ""}
                g*) dest=${lib.escapeShellArg gvimExecutableName}''${exe#gvim} gflag=${lib.escapeShellArg gvimrcFlag} ;;
                *) dest=''${exe/vim/${lib.escapeShellArg vimExecutableName}} gflag= ;;
              esac
              wrap "$exe" "$dest" "$gflag"
            done
          '';
        in
        if standalone then
          bin
        else
          buildEnv {
            inherit name;
            paths = [
              (lib.lowPrio vim)
              bin
            ];
          };
    };
in
{
  inherit makeCustomizable;
}
