/**
 * The files `system-manager init` writes, after upstream's templates
 * (templates/system.nix and templates/standalone/flake.nix): a module
 * with the common options stubbed out, and a flake making it
 * `systemConfigs.default`. Our own wording; no binary cache settings
 * (nothing is substituted here), and the host's own platform.
 */

export function systemNix(system: string): string {
  return `{ lib, pkgs, ... }:
{
  config = {
    nixpkgs.hostPlatform = "${system}";

    # Services to enable and configure.
    services = {
      # nginx.enable = true;
    };

    environment = {
      # Packages installed system-wide.
      systemPackages = with pkgs; [
        # hello
      ];

      # Files under /etc, with their mode and owner.
      etc = {
        # "example/hello.txt" = {
        #   text = ''
        #     Hello from system-manager.
        #   '';
        #   mode = "0644";
        #   user = "root";
        #   group = "root";
        # };
      };
    };

    # systemd services of your own.
    systemd.services = {
      # hello = {
      #   wantedBy = [ "system-manager.target" ];
      #   serviceConfig.Type = "oneshot";
      #   serviceConfig.ExecStart = "\${pkgs.coreutils}/bin/echo hello";
      # };
    };

    # systemd-tmpfiles rules.
    systemd.tmpfiles = {
      # rules = [
      #   "d /var/tmp/system-manager 0755 root root -"
      # ];
    };
  };
}
`;
}

export const FLAKE_NIX = `{
  description = "A system-manager configuration";

  inputs = {
    nixpkgs.url = "github:nixos/nixpkgs/nixos-unstable";
    system-manager.url = "github:numtide/system-manager";
  };

  outputs =
    { self, nixpkgs, system-manager, ... }:
    {
      # Built with: system-manager switch --flake <this directory> --sudo
      systemConfigs.default = system-manager.lib.makeSystemConfig {
        # Your modules: system.nix, and any others.
        modules = [ ./system.nix ];
      };
    };
}
`;
