# What overrideAttrs makes of a prebuilt package (a Debian one,
# ../prebuilt-overrides.ts) when the change only adds build inputs and
# steps that run after the install phase (home-manager's nnn module adds
# makeWrapper and a postInstall that wraps bin/nnn): the package's output,
# copied (its links kept), with those steps run over it, as they would run
# after its own install phase. `changes` are the attributes the override
# gave (nativeBuildInputs, buildInputs, postInstall, preFixup, postFixup,
# name, meta).
{ stdenv }:
base: changes:
stdenv.mkDerivation (
  changes
  // {
    name = changes.name or base.name;
    pname = base.pname or base.name;
    version = base.version or "";
    dontUnpack = true;
    dontConfigure = true;
    dontBuild = true;
    installPhase = ''
      runHook preInstall
      mkdir -p $out
      cp -a ${base}/. $out/
      rm -rf $out/.system-manager
      chmod -R u+w $out
      runHook postInstall
    '';
    meta = (base.meta or { }) // (changes.meta or { });
  }
)
