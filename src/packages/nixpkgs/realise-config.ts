/**
 * Before a generation is computed from an evaluated configuration, the
 * store paths its strings refer to (environment.etc sources, users'
 * packages and shells, units, Home Manager's files and packages) are
 * realised under the build's root: the parts of the configuration the
 * generation is made from are walked for string contexts, and
 * realiseStorePaths builds them. Of each Home Manager user only `home` is
 * walked (its files, packages, activation): the rest holds option values
 * the generation never reads, such as the default package of a disabled
 * program, which must not be resolved, let alone realised. Packages of the lock are realised by the
 * package session (which also makes the profiles later).
 */
import type { Evaluation } from "../../module-system/eval-modules.ts";
import type { EvalStore } from "../../nix/eval-store.ts";
import { force, NixAttrs, type Lazy } from "../../nix/value.ts";
import type { FileTree } from "../../store/file-tree.ts";
import type { PackageSession } from "../package-session.ts";
import { realiseStorePaths } from "./realise.ts";
import { stringContexts } from "./string-contexts.ts";
import { isRealHomeConfig, realHomeReferences } from "../../home/real-home-manager.ts";
import { homeManagerUsers, withoutHomeManagerUnits } from "../../build/home-manager-units.ts";
import { usersAsBuilt } from "../../build/users-as-built.ts";

const PARTS = ["environment", "users", "systemd"];

export interface ConfigRealisation {
  readonly root: string;
  readonly stores: readonly EvalStore[];
  readonly storeCopies?: readonly { readonly name: string; readonly tree: FileTree }[];
  readonly packages?: PackageSession;
}

/** Realises what the configuration refers to; returns the paths handed to the package session (packages it names). */
export async function realiseConfigReferences(ev: Evaluation, o: ConfigRealisation): Promise<readonly string[]> {
  const cfg = ev.config;
  const parts = [...PARTS.filter((p) => cfg.has(p)).map((p) => (p === "systemd" ? withoutHomeManagerUnits(cfg) : p === "users" ? usersAsBuilt(cfg).users : (cfg.lazy(p) as Lazy))), ...homeParts(cfg)];
  const contexts = stringContexts(parts, o.stores[0]?.storeDir);
  const handedOn: string[] = [];
  if (contexts.size === 0) return handedOn;
  const packages = o.packages;
  await realiseStorePaths(contexts, {
    root: o.root,
    stores: o.stores,
    storeCopies: o.storeCopies,
    realiseOther:
      packages === undefined
        ? undefined
        : async (paths) => {
            handedOn.push(...paths);
            await packages.realise(paths);
          },
  });
  return handedOn;
}

/** Of every Home Manager user, what its home generation is made from: `home` (a real home-manager's: realHomeReferences). */
function homeParts(cfg: NixAttrs): Lazy[] {
  const users = homeManagerUsers(cfg);
  if (users === undefined) return [];
  return users.keys().flatMap((name) => {
    const user = force(users.lazy(name) as Lazy);
    if (user instanceof NixAttrs && isRealHomeConfig(user)) return realHomeReferences(user);
    return user instanceof NixAttrs && user.has("home") ? [user.lazy("home") as Lazy] : [];
  });
}
