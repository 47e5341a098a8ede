# pkgs.sway: as in nixpkgs, a wrapper around sway-unwrapped (here Debian's
# sway) that its `override` configures, as home-manager's sway module
# does. With the base wrapper (withBaseWrapper, the default), bin/sway
# first sets XDG_CURRENT_DESKTOP=sway and runs extraSessionCommands, once
# a session, then runs sway, under dbus-run-session when there is no
# session bus yet (dbusSupport); extraOptions are added to its arguments.
# withGtkWrapper adds nothing here: it points nixpkgs' sway at GTK's
# schemas and loaders in the Nix store, and Debian's GTK finds the host's
# where they are. isNixOS and enableXWayland configure the build, which
# Debian's made (with XWayland).
{
  lib,
  makeOverridable,
  symlinkJoin,
  writeShellScriptBin,
  makeWrapper,
  sway-unwrapped,
  dbus,
}:
makeOverridable (
  {
    extraSessionCommands ? "",
    extraOptions ? [ ],
    withBaseWrapper ? true,
    withGtkWrapper ? false,
    isNixOS ? false,
    enableXWayland ? true,
    dbusSupport ? true,
  }:
  let
    base = writeShellScriptBin "sway" ''
      set -o errexit
      if [ ! "''${_SWAY_WRAPPER_ALREADY_EXECUTED-}" ]; then
        export XDG_CURRENT_DESKTOP=sway
        ${extraSessionCommands}
        export _SWAY_WRAPPER_ALREADY_EXECUTED=1
      fi
      if [ "''${DBUS_SESSION_BUS_ADDRESS-}" ]; then
        export DBUS_SESSION_BUS_ADDRESS
        exec ${sway-unwrapped}/bin/sway "$@"
      else
        exec ${lib.optionalString dbusSupport "${dbus}/bin/dbus-run-session "}${sway-unwrapped}/bin/sway "$@"
      fi
    '';
  in
  symlinkJoin {
    name = "sway-${sway-unwrapped.version}";
    inherit (sway-unwrapped) version;
    paths = lib.optional withBaseWrapper base ++ [ sway-unwrapped ];
    nativeBuildInputs = [ makeWrapper ];
    postBuild = lib.optionalString (extraOptions != [ ]) ''
      wrapProgram $out/bin/sway ${lib.concatMapStringsSep " " (x: "--add-flags ${lib.escapeShellArg x}") extraOptions}
    '';
    passthru.providedSessions = [ "sway" ];
    meta = (sway-unwrapped.meta or { }) // {
      mainProgram = "sway";
    };
  }
) { }
