/**
 * Where a standalone home's store lives: `~/.local/state/system-manager/home`
 * (or under $XDG_STATE_HOME). Its own module, so that finding it does not
 * load the home build (standalone-home.ts). bin/build-ahead.js finds it
 * the same way (test/cli/build-ahead.test.ts keeps them one).
 */
import { join } from "node:path";

export function defaultStoreRoot(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const state = env.XDG_STATE_HOME !== undefined && env.XDG_STATE_HOME.startsWith("/") ? env.XDG_STATE_HOME : join(home, ".local/state");
  return join(state, "system-manager", "home");
}
