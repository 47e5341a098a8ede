// The system part of the seed's flake.nix ("System Manager with Home
// Manager"), as a TypeScript configuration:
//   system-manager switch --config examples/home-manager/system.config.ts
import { defineConfig } from "system-manager";

export default defineConfig({
  modules: [
    // The home-manager part (home-manager.users.alice, useGlobalPkgs, …) follows with home-manager support.
    {
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
    },
  ],
});
