# The build script of wrapNeovimUnstable's derivation, from its final
# attributes: the unwrapped package's files linked into $out (its
# .system-manager record left out), the provider hosts as bin/nvim-<prog>,
# vi/vim aliases, an empty rplugin.vim manifest, and bin/nvim written by
# makeWrapper (make-wrapper.sh). When the unwrapped package is a Debian
# package whose closure holds neovim-runtime, VIMRUNTIME defaults to it.
{
  lib,
  lndir,
  neovim-unwrapped,
  final,
  makeWrapperText,
}:
let
  makeWrapperArgs =
    lib.optionals final.wrapRc [
    "--add-flags"
    "-u ${final.initLua}"
  ]
  ++ final.generatedWrapperArgs;
  wrapperArgsStr = if lib.isString final.wrapperArgs then final.wrapperArgs else lib.escapeShellArgs final.wrapperArgs;
in
''
  ${makeWrapperText}
  mkdir -p $out
  ${lndir}/bin/lndir -silent ${neovim-unwrapped} $out
  rm -rf $out/.system-manager
  rm -f $out/bin/nvim
  if [ -e $out/share/applications/nvim.desktop ]; then
    rm $out/share/applications/nvim.desktop
    sed 's/^Name=Neovim$/Name=Neovim wrapper/' ${neovim-unwrapped}/share/applications/nvim.desktop > $out/share/applications/nvim.desktop
  fi
''
+ lib.optionalString final.withPython3 ''
  ln -s ${final.python3Env}/bin/nvim-python3 $out/bin/nvim-python3
''
+ lib.optionalString final.withRuby ''
  ln -s ${final.rubyEnv}/bin/neovim-ruby-host $out/bin/nvim-ruby
''
+ lib.optionalString final.withNodeJs ''
  ln -s ${final.nodeHost}/bin/neovim-node-host $out/bin/nvim-node
''
+ lib.optionalString final.withPerl ''
  ln -s ${final.perlEnv}/bin/perl $out/bin/nvim-perl
''
+ lib.optionalString final.vimAlias ''
  ln -s $out/bin/nvim $out/bin/vim
''
+ lib.optionalString final.viAlias ''
  ln -s $out/bin/nvim $out/bin/vi
''
+ ''
  touch $out/rplugin.vim
  runtime=()
  if [ -f ${neovim-unwrapped}/.system-manager/info.json ]; then
    for ref in $(grep -o '"/[^"]*"' ${neovim-unwrapped}/.system-manager/info.json | tr -d '"'); do
      if [ -d "$ref/usr/share/nvim/runtime" ]; then runtime=(--set-default VIMRUNTIME "$ref/usr/share/nvim/runtime"); fi
    done
  fi
  makeWrapper ${lib.escapeShellArg "${neovim-unwrapped}/bin/nvim"} "$out/bin/nvim" --set NVIM_SYSTEM_RPLUGIN_MANIFEST "$out/rplugin.vim" ${lib.escapeShellArgs makeWrapperArgs} ${wrapperArgsStr} "''${runtime[@]}"
''
