/**
 * Flakes in a scratch directory, as the CLI tests run them. systemFlake:
 * DIR/flake/flake.nix makes `systemConfigs.default` of `modules` (the Nix
 * text of the module list's items, with `inputs` lines added after
 * system-manager's), DIR/root is an empty root, and `env` is what the CLI
 * runs with (HOME and XDG_CACHE_HOME inside DIR, packages off). homeFlake:
 * HOME/flake/flake.nix makes bob's `homeConfigurations.bob` of `modules`,
 * HOME being the scratch directory the home is activated into.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface SystemFlake {
  readonly dir: string;
  readonly flake: string;
  readonly root: string;
  readonly env: Record<string, string | undefined>;
}

export function systemFlake(prefix: string, modules: string, inputs = ""): SystemFlake {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const flake = join(dir, "flake");
  const root = join(dir, "root");
  mkdirSync(flake);
  mkdirSync(root);
  writeFileSync(
    join(flake, "flake.nix"),
    `{
  inputs.system-manager.url = "github:numtide/system-manager";${inputs}
  outputs = { self, system-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [ ${modules} ];
    };
  };
}
`,
  );
  return { dir, flake, root, env: { PATH: process.env.PATH, HOME: dir, XDG_CACHE_HOME: join(dir, "cache"), SYSTEM_MANAGER_PACKAGES: "off" } };
}

/** A home flake for bob in a scratch home directory: the home and the flake directory in it. */
export function homeFlake(prefix: string, modules: string): { readonly home: string; readonly flake: string } {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const flake = join(home, "flake");
  mkdirSync(flake);
  writeFileSync(
    join(flake, "flake.nix"),
    `{
  inputs.home-manager.url = "github:nix-community/home-manager";
  outputs = { self, home-manager, ... }: {
    homeConfigurations.bob = home-manager.lib.homeManagerConfiguration {
      modules = [ ${modules} ];
    };
  };
}
`,
  );
  return { home, flake };
}
