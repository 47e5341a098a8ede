/**
 * `users` of an evaluated system configuration as the build reads it: a
 * real home-manager user's `home.path` among `users.users.<name>.packages`
 * (home-manager puts it there with useUserPackages) is that profile
 * without home-manager's manual page (src/home/home-manual.ts). Computed
 * once per configuration, so what the build realises and the generation
 * it writes see the same values; the warnings are the build's to print.
 */
import { force, NixAttrs, type Lazy } from "../nix/value.ts";
import { homePathWithoutManual, MANUAL_LEFT_OUT } from "../home/home-manual.ts";
import { isRealHomeConfig } from "../home/real-home-manager.ts";
import { homeManagerUsers } from "./home-manager-units.ts";

export interface UsersAsBuilt {
  readonly users: Lazy;
  readonly warnings: readonly string[];
}

const seen = new WeakMap<NixAttrs, UsersAsBuilt>();

/** `pkgs`: the system's package set, whose buildEnv makes the profile (the build gives it on its first call). */
export function usersAsBuilt(cfg: NixAttrs, pkgs?: Lazy): UsersAsBuilt {
  const hit = seen.get(cfg);
  if (hit !== undefined) return hit;
  const result = compute(cfg, pkgs);
  seen.set(cfg, result);
  return result;
}

function compute(cfg: NixAttrs, pkgs: Lazy | undefined): UsersAsBuilt {
  const users = cfg.lazy("users") as Lazy;
  const hm = homeManagerUsers(cfg);
  if (hm === undefined) return { users, warnings: [] };
  const warnings: string[] = [];
  const replace = new Map<string, { from: unknown; to: Lazy }>();
  for (const name of hm.keys()) {
    const config = force(hm.lazy(name) as Lazy);
    if (!(config instanceof NixAttrs) || !isRealHomeConfig(config)) continue;
    const to = homePathWithoutManual(config, () => warnings.push(`${name} profile: ${MANUAL_LEFT_OUT}`), pkgs);
    const from = force((force(config.lazy("home") as Lazy) as NixAttrs).lazy("path") as Lazy);
    if (to !== from) replace.set(name, { from, to });
  }
  if (replace.size === 0) return { users, warnings };
  const top = force(users) as NixAttrs;
  const accounts = force(top.lazy("users") as Lazy) as NixAttrs;
  const patched = new Map(accounts.map);
  for (const [name, { from, to }] of replace) {
    const account = accounts.has(name) ? (force(accounts.lazy(name) as Lazy) as NixAttrs) : undefined;
    if (account === undefined || !account.has("packages")) continue;
    const packages = (force(account.lazy("packages") as Lazy) as Lazy[]).map((p) => (force(p) === from ? to : p));
    patched.set(name, new NixAttrs(new Map(account.map).set("packages", packages)));
  }
  return { users: new NixAttrs(new Map(top.map).set("users", new NixAttrs(patched))), warnings };
}
