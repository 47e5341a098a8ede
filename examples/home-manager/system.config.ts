// The seed's flake.nix ("System Manager with Home Manager"), as a
// TypeScript configuration:
//   system-manager switch --config examples/home-manager/system.config.ts
import { defineConfig, homeManager } from "system-manager";

export default defineConfig({
  modules: [
    homeManager,
    ({ pkgs }) => ({
      nixpkgs: { hostPlatform: "x86_64-linux" },

      // Userborn creates the user on activation.
      services: { userborn: { enable: true } },

      // Required so home-manager can invoke nix-store/nix-build
      // during activation.
      nix: { enable: true },

      users: {
        groups: { alice: { gid: 5000 } },
        users: {
          alice: {
            isNormalUser: true,
            uid: 5000,
            group: "alice",
            home: "/home/alice",
            createHome: true,
          },
        },
      },

      "home-manager": {
        // Share the system's pkgs (and nixpkgs config) with Home Manager.
        useGlobalPkgs: true,
        // Install per-user packages into /etc/profiles/per-user/<name>.
        useUserPackages: true,
        // Back up any pre-existing dotfiles home-manager would overwrite.
        backupFileExtension: "bak",

        users: {
          alice: ({ pkgs }) => ({
            home: {
              stateVersion: "24.05",

              packages: [pkgs.ripgrep],

              file: {
                ".config/example/hello.txt": {
                  text: "Hello from home-manager!\n",
                },
              },
            },

            programs: {
              git: {
                enable: true,
                settings: {
                  user: { name: "Alice", email: "alice@example.com" },
                },
              },
            },
          }),
        },
      },
    }),
  ],
});
