# system-manager's equivalent of nixpkgs' lib/services/lib.nix (modular
# services), served at <pkgs.path>/lib/services/lib.nix by the built-in
# nixpkgs stand-in: home-manager's services-modular module imports it.
# `configure` gives the submodule type of one service; getWarnings and
# getAssertions collect a service's (and its sub-services') warnings and
# assertions, each prefixed with the service's option path.
{ lib, ... }:
let
  # f applied to a service and, recursively, to each of its sub-services.
  everyService =
    f: loc: service:
    f loc service
    ++ lib.concatLists (
      lib.mapAttrsToList (name: sub: everyService f (loc ++ [ "services" name ]) sub) service.services
    );
  prefixed = loc: message: "in ${lib.showOption loc}: ${message}";
in
{
  flattenMapServicesConfigToList = everyService;

  getWarnings = everyService (loc: service: map (prefixed loc) service.warnings);

  getAssertions = everyService (
    loc: service:
    map (a: {
      message = prefixed loc a.message;
      inherit (a) assertion;
    }) service.assertions
  );

  configure =
    {
      serviceManagerPkgs,
      extraRootModules ? [ ],
      extraRootSpecialArgs ? { },
    }:
    {
      serviceSubmodule = lib.types.submoduleWith {
        class = "service";
        modules = [ (lib.modules.importApply ./service.nix { pkgs = serviceManagerPkgs; }) ] ++ extraRootModules;
        specialArgs = extraRootSpecialArgs;
      };
    };
}
