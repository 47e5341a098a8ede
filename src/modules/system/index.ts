/**
 * The system option modules, in the order they are given to every system
 * evaluation (before the user's modules).
 */
import { lazyFromJS } from "../../nix/js-value.ts";
import type { Lazy } from "../../nix/value.ts";
import { assertionsModule } from "./assertions.ts";
import { autoUpgradeModule } from "./auto-upgrade.ts";
import { environmentModule } from "./environment.ts";
import { etcModule } from "./etc.ts";
import { groupsModule } from "./groups.ts";
import { idsModule } from "./ids.ts";
import { nixModule } from "./nix.ts";
import { nixpkgsModule } from "./nixpkgs.ts";
import { systemManagerModule } from "./system-manager.ts";
import { systemChecksModule } from "./system-checks.ts";
import { systemManagerPackageModule } from "./system-manager-package.ts";
import { userbornModule } from "./userborn.ts";
import { usersAssertionsModule } from "./users-assertions.ts";
import { usersDefaultGroupsModule } from "./users-default-groups.ts";
import { usersHostAccountsModule } from "./users-host-accounts.ts";
import { usersShellCheckModule } from "./users-shell-check.ts";
import { usersShellsModule } from "./users-shells.ts";
import { usersModule } from "./users.ts";
import { systemdModules } from "./systemd/index.ts";
import { nixosOptionsForHomeManagerModule } from "./nixos-options-for-home-manager.ts";
import { nginxModules } from "./services/nginx/index.ts";
import { storeTextFilesModule } from "./store-text-files.ts";
import { sudoModule } from "./security/sudo.ts";
import { sshModule } from "./programs/ssh.ts";
import { fishModule } from "./programs/fish.ts";
import { zshModule } from "./programs/zsh.ts";
import { tmuxModule } from "./programs/tmux.ts";
import { opensshModules } from "./services/openssh/index.ts";
import { firewallModule } from "./networking/firewall.ts";
import { ipv6Module } from "./networking/ipv6.ts";
import { nixosCompatOptionsModule } from "./nixos-compat-options.ts";
import { wrappersModule } from "./security/wrappers.ts";
import { sopsModule } from "./sops/sops.ts";

export const systemModules: Lazy[] = [
  assertionsModule,
  nixpkgsModule,
  systemManagerModule,
  systemChecksModule,
  systemManagerPackageModule,
  etcModule,
  environmentModule,
  usersModule,
  groupsModule,
  idsModule,
  usersDefaultGroupsModule,
  usersHostAccountsModule,
  usersShellCheckModule,
  usersShellsModule,
  autoUpgradeModule,
  usersAssertionsModule,
  userbornModule,
  nixModule,
  nixosOptionsForHomeManagerModule,
  storeTextFilesModule,
  ...nginxModules,
  sudoModule,
  sshModule,
  fishModule,
  zshModule,
  tmuxModule,
  ...opensshModules,
  firewallModule,
  ipv6Module,
  nixosCompatOptionsModule,
  wrappersModule,
  sopsModule,
].map(lazyFromJS).concat(systemdModules);
