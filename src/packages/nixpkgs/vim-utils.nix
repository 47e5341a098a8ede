# vimUtils: nixpkgs' Vim plugin helpers. buildVimPlugin copies a plugin's
# source into $out (its runtime directory, "vimplugin-<pname>-<version>"),
# toVimPlugin marks a derivation as one, packDir makes the `vim-pack-dir`
# whose pack/<name>/start and opt hold the plugins (with their
# `dependencies`, recursively) by name, vimrcContent joins the rc parts.
{
  lib,
  stdenv,
  linkFarm,
  buildEnv,
  writeText,
}:
let
  toVimPlugin =
    drv:
    drv
    // {
      vimPlugin = true;
      passthru = (drv.passthru or { }) // {
        vimPlugin = true;
      };
    };

  buildVimPlugin =
    {
      pname,
      version ? "",
      src,
      name ? "${pname}-${version}",
      namePrefix ? "vimplugin-",
      dependencies ? [ ],
      runtimeDeps ? [ ],
      passthru ? { },
      meta ? { },
      ...
    }@attrs:
    toVimPlugin (
      stdenv.mkDerivation (
        removeAttrs attrs [
          "dependencies"
          "runtimeDeps"
          "namePrefix"
          "python3Dependencies"
        ]
        // {
          name = namePrefix + name;
          inherit pname version src;
          dontConfigure = true;
          dontBuild = attrs.dontBuild or true;
          installPhase =
            attrs.installPhase or ''
              runHook preInstall
              mkdir -p $out
              cp -r . $out
              runHook postInstall
            '';
          passthru =
            passthru
            // {
              inherit dependencies runtimeDeps;
            }
            // lib.optionalAttrs (attrs ? python3Dependencies) { inherit (attrs) python3Dependencies; };
          meta = {
            platforms = lib.platforms.all or [ ];
          }
          // meta;
        }
      )
    );

  transitiveClosure = plugin: [ plugin ] ++ lib.concatMap transitiveClosure (plugin.dependencies or [ ]);
  findDependenciesRecursively = plugins: lib.concatMap transitiveClosure plugins;

  vimFarm =
    prefix: name: drvs:
    linkFarm name (
      map (drv: {
        name = "${prefix}/${lib.getName drv}";
        path = drv;
      }) drvs
    );

  packDir =
    packages:
    let
      packageLinks =
        packageName:
        {
          start ? [ ],
          opt ? [ ],
        }:
        let
          depsOfOptionalPlugins = lib.subtractLists opt (findDependenciesRecursively opt);
          startWithDeps = findDependenciesRecursively start;
          allPlugins = lib.unique (startWithDeps ++ depsOfOptionalPlugins);
        in
        [
          (vimFarm "pack/${packageName}/start" "packdir-start" allPlugins)
          (vimFarm "pack/${packageName}/opt" "packdir-opt" opt)
        ];
    in
    buildEnv {
      name = "vim-pack-dir";
      paths = lib.flatten (lib.mapAttrsToList packageLinks packages);
    };

  vimrcContent =
    {
      beforePlugins ? "",
      packages ? null,
      customRC ? "",
      ...
    }:
    let
      native = lib.optional (packages != null) ''
        set packpath^=${packDir packages}
        set runtimepath^=${packDir packages}
      '';
    in
    lib.concatStringsSep "\n" (lib.filter (x: x != null && x != "") ([ beforePlugins ] ++ native ++ [ customRC ]));
in
{
  inherit
    toVimPlugin
    buildVimPlugin
    packDir
    vimrcContent
    findDependenciesRecursively
    ;
  buildVimPluginFrom2Nix = buildVimPlugin;
  requiredPluginsForPackage =
    {
      start ? [ ],
      opt ? [ ],
    }:
    start ++ opt;
  # writeText, not builtins.toFile: the vimrc names the pack directory, a derivation output.
  vimrcFile = settings: writeText "vimrc" (vimrcContent settings);
}
