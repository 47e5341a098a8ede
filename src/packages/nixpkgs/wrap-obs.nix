# pkgs.wrapOBS: as nixpkgs', OBS Studio (Debian's obs-studio unless
# overridden) joined with plugins, bin/obs wrapped to find the plugins'
# modules and data (OBS_PLUGINS_PATH, OBS_PLUGINS_DATA_PATH) and each
# plugin's own obsWrapperArguments. home-manager's obs-studio module calls
# `wrapOBS.override { obs-studio = …; } { plugins = …; }`; without plugins
# it is OBS itself.
{
  lib,
  makeOverridable,
  symlinkJoin,
  makeWrapper,
  obs-studio,
}:
makeOverridable (
  { obs-studio }:
  { plugins ? [ ] }:
  if plugins == [ ] then
    obs-studio
  else
    let
      joined = symlinkJoin {
        name = "obs-studio-plugins";
        paths = plugins;
      };
      arguments = [
        "--set OBS_PLUGINS_PATH ${lib.escapeShellArg "${joined}/lib/obs-plugins"}"
        "--set OBS_PLUGINS_DATA_PATH ${lib.escapeShellArg "${joined}/share/obs/obs-plugins"}"
      ] ++ lib.unique (lib.concatMap (p: p.obsWrapperArguments or [ ]) plugins);
    in
    symlinkJoin {
      name = "wrapped-${obs-studio.name}";
      paths = [ obs-studio ] ++ plugins;
      nativeBuildInputs = [ makeWrapper ];
      postBuild = ''
        wrapProgram $out/bin/obs ${builtins.concatStringsSep " " arguments}
      '';
      meta = obs-studio.meta or { };
      passthru = (obs-studio.passthru or { }) // { unwrapped = obs-studio; };
    }
) { inherit obs-studio; }
