# pkgs.wrapKakoune: as nixpkgs', Kakoune (Debian's unless another is
# given) with plugins in its runtime's autoload/plugins, bin/kak told
# where that runtime is (KAKOUNE_RUNTIME), as home-manager's kakoune
# module calls it. The runtime is Kakoune's own (rc/, colors/, doc/ and
# autoload/, found beside the program: Debian's usr/share/kak) with the
# plugins' share/kak/autoload/plugins added; without plugins it is
# Kakoune itself.
{
  lib,
  symlinkJoin,
  makeWrapper,
}:
kakoune: attrs:
let
  plugins = (attrs.configure or { }).plugins or [ ];
  required = lib.unique (plugins ++ lib.concatMap (p: p.propagatedBuildInputs or [ ]) plugins);
in
if required == [ ] then
  kakoune
else
  symlinkJoin {
    name = "kakoune-${kakoune.version or "wrapped"}";
    paths = [ kakoune ];
    nativeBuildInputs = [ makeWrapper ];
    postBuild = ''
      runtime="$(dirname "$(readlink -f ${kakoune}/bin/kak)")/../share/kak"
      [ -d "$runtime/autoload" ] || { echo "wrapKakoune: no Kakoune runtime at $runtime" >&2; exit 1; }
      rm -rf $out/share/kak
      mkdir -p $out/share/kak/autoload/plugins
      for f in "$runtime"/*; do
        [ "''${f##*/}" = autoload ] || ln -s "$f" $out/share/kak/
      done
      for f in "$runtime"/autoload/*; do
        ln -s "$f" $out/share/kak/autoload/
      done
      ${lib.concatMapStrings (p: ''
        for f in ${p}/share/kak/autoload/plugins/*; do
          [ -e "$f" ] && ln -s "$f" $out/share/kak/autoload/plugins/
        done
      '') required}
      wrapProgram $out/bin/kak --set KAKOUNE_RUNTIME $out/share/kak
    '';
    meta = (kakoune.meta or { }) // {
      mainProgram = "kak";
    };
  }
