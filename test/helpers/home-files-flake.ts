/**
 * A system flake (the seed's inputs, served by the built-in stand-ins
 * offline) whose user alice's home has `files` home.file entries made
 * with lib.genList ("f/0" holding "file 0\n", …), entry `changed` saying
 * " changed" too; `extraHome` is more Nix text inside alice's home. The
 * 10,000-file benchmark and the instance memo's CLI test build it.
 */
export function homeFilesFlake(files: number, changed?: number, extraHome = ""): string {
  const change = changed === undefined ? "" : `\${lib.optionalString (i == ${changed}) " changed"}`;
  return `{
  inputs = {
    nixpkgs.url = "github:nixos/nixpkgs/nixos-unstable";
    system-manager = { url = "github:numtide/system-manager"; inputs.nixpkgs.follows = "nixpkgs"; };
    home-manager = { url = "github:nix-community/home-manager"; inputs.nixpkgs.follows = "nixpkgs"; };
  };
  outputs = { self, nixpkgs, system-manager, home-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [
        home-manager.nixosModules.home-manager
        ({ lib, ... }: {
          nixpkgs.hostPlatform = "x86_64-linux";
          users.groups.alice.gid = 5000;
          users.users.alice = { isNormalUser = true; uid = 5000; group = "alice"; home = "/home/alice"; createHome = true; };
          home-manager.users.alice = {
            home.stateVersion = "24.05";
            home.file = lib.listToAttrs (lib.genList (i: { name = "f/\${toString i}"; value.text = "file \${toString i}${change}\\n"; }) ${files});${extraHome}
          };
        })
      ];
    };
  };
}
`;
}
