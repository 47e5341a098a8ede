# nixpkgs' Node.js packages. nodejs-slim_N is the node binary with its
# headers and man page: Node.js's own release build, which the prebuilt
# provider takes from the npm registry (prebuilt/table.ts says why not
# Debian's). Its `npm` attribute is npm as that Node.js release bundles it,
# from the registry at that version, with bin/npm and bin/npx running
# npm's scripts with that node (their `#!/usr/bin/env node` replaced, as
# nixpkgs patches shebangs). nodejs_N joins the two, as nixpkgs' nodejs
# does (symlink.nix). `releases` gives each major version's release and
# its npm (prebuilt/table.ts's NODEJS and NODEJS_NPM: known without a
# package lookup, so with packages off too). nodejs and nodejs-slim are 24
# (nixpkgs' LTS), nodejs_latest 26. Not built: corepack (nixpkgs' is a
# package of its own).
{
  lib,
  stdenv,
  fetchurl,
  symlinkJoin,
  prebuilt,
  releases,
}:
let
  npmFor =
    slim:
    { version, hash }:
    stdenv.mkDerivation {
      pname = "npm";
      inherit version;
      src = fetchurl {
        url = "https://registry.npmjs.org/npm/-/npm-${version}.tgz";
        inherit hash;
      };
      dontConfigure = true;
      dontBuild = true;
      installPhase = ''
        mkdir -p $out/lib/node_modules/npm $out/bin
        cp -r . $out/lib/node_modules/npm
        for cmd in npm npx; do
          sed -i '1s|^#!.*|#!${slim}/bin/node|' $out/lib/node_modules/npm/bin/$cmd-cli.js
          chmod +x $out/lib/node_modules/npm/bin/$cmd-cli.js
          ln -s ../lib/node_modules/npm/bin/$cmd-cli.js $out/bin/$cmd
        done
      '';
      meta = {
        description = "Node.js's package manager, run by ${slim.name}";
        homepage = "https://docs.npmjs.com/";
        license = lib.licenses.artistic2;
        mainProgram = "npm";
      };
    };

  # nodejs-slim_N and nodejs_N of one major version.
  release =
    major:
    let
      slim = prebuilt."nodejs-slim_${major}";
      npm = npmFor slim releases.${major}.npm;
    in
    [
      {
        name = "nodejs-slim_${major}";
        value = slim // {
          inherit npm;
          inherit (releases.${major}) version;
        };
      }
      {
        name = "nodejs_${major}";
        value = symlinkJoin {
          pname = "nodejs";
          inherit (releases.${major}) version;
          paths = [
            slim
            npm
          ];
          passthru = {
            inherit npm;
            nodejs-slim = slim;
          };
          meta = {
            description = "Event-driven I/O framework for the V8 JavaScript engine, with npm";
            homepage = "https://nodejs.org";
            license = lib.licenses.mit;
            mainProgram = "node";
          };
        };
      }
    ];

  # The major versions built (named here, not read off `releases`: the set's names are known before its arguments).
  packages = builtins.listToAttrs (
    builtins.concatMap release [
      "20"
      "22"
      "24"
      "26"
    ]
  );
in
packages
// {
  nodejs = packages.nodejs_24;
  nodejs-slim = packages.nodejs-slim_24;
  nodejs_latest = packages.nodejs_26;
  nodejs-slim_latest = packages.nodejs-slim_26;
}
