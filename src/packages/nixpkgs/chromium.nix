# pkgs.chromium: Debian's chromium, which `override { commandLineArgs }`
# wraps as nixpkgs' wrapper does: bin/chromium runs it with those
# arguments first (one string, split into words by the shell, as nixpkgs
# adds it), as home-manager's chromium module asks. plasmaSupport would
# need Plasma's browser integration built in, which Debian's package
# provides on its own (plasma-browser-integration, installed on the host).
{
  lib,
  makeOverridable,
  symlinkJoin,
  makeWrapper,
  chromium,
}:
makeOverridable (
  {
    commandLineArgs ? "",
    plasmaSupport ? false,
    kdePackages ? null,
  }:
  if plasmaSupport then
    throw "pkgs.chromium.override { plasmaSupport = true; } is not available with Debian's chromium: install Debian's plasma-browser-integration package on the host instead (it registers itself with chromium)"
  else if commandLineArgs == "" then
    chromium
  else
    symlinkJoin {
      name = "chromium" + lib.optionalString (chromium ? version) "-${chromium.version}";
      version = chromium.version or "";
      paths = [ chromium ];
      nativeBuildInputs = [ makeWrapper ];
      postBuild = ''
        wrapProgram $out/bin/chromium --add-flags ${lib.escapeShellArg commandLineArgs}
      '';
      meta = (chromium.meta or { }) // {
        mainProgram = "chromium";
      };
    }
) { }
