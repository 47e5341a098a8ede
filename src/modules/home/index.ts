/**
 * The home option modules: what every home-manager user configuration is
 * evaluated with.
 */
import { lazyFromJS } from "../../nix/js-value.ts";
import type { Lazy } from "../../nix/value.ts";
import { filesModule } from "./files.ts";
import { homeEnvironmentModule } from "./home-environment.ts";
import { homeMiscModule } from "./misc.ts";
import { sessionVariablesModule } from "./session-variables.ts";
import { xdgModule } from "./xdg.ts";
import { bashModule } from "./programs/bash.ts";
import { gitModule } from "./programs/git.ts";
import { homeManagerProgramModule } from "./programs/home-manager.ts";
import { zshModule } from "./programs/zsh.ts";

export const homeModules: Lazy[] = [
  homeEnvironmentModule,
  homeMiscModule,
  sessionVariablesModule,
  filesModule,
  xdgModule,
  bashModule,
  zshModule,
  gitModule,
  homeManagerProgramModule,
].map(lazyFromJS);
