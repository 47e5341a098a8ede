# The build script of wrapNeovimUnstable's derivation, from its final
# attributes: the unwrapped package's files linked into $out (its
# .system-manager record and its other names for the unwrapped nvim, such
# as Debian's vi and vim alternatives, left out), the provider hosts as bin/nvim-<prog>,
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
  nvimTarget="$(readlink -f ${neovim-unwrapped}/bin/nvim)"
  for f in $out/bin/*; do
    if [ "$(readlink -f "$f")" = "$nvimTarget" ]; then rm "$f"; fi
  done
  if [ -e $out/share/applications/nvim.desktop ]; then
    rm $out/share/applications/nvim.desktop
    while IFS= read -r line; do
      if [ "$line" = "Name=Neovim" ]; then echo "Name=Neovim wrapper"; else echo "$line"; fi
    done < ${neovim-unwrapped}/share/applications/nvim.desktop > $out/share/applications/nvim.desktop
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
  ${import ./debian-closure.nix}
  for ref in $(closureOf ${neovim-unwrapped}); do
    if [ -d "$ref/usr/share/nvim/runtime" ]; then runtime=(--set-default VIMRUNTIME "$ref/usr/share/nvim/runtime"); fi
  done
  makeWrapper ${lib.escapeShellArg "${neovim-unwrapped}/bin/nvim"} "$out/bin/nvim" --set NVIM_SYSTEM_RPLUGIN_MANIFEST "$out/rplugin.vim" ${lib.escapeShellArgs makeWrapperArgs} ${wrapperArgsStr} "''${runtime[@]}"
''
