/**
 * Before a generation is computed from an evaluated configuration, the
 * store paths its strings refer to (environment.etc sources, users'
 * packages and shells, units, Home Manager's files and packages) are
 * realised under the build's root: the parts of the configuration the
 * generation is made from are walked for string contexts, and
 * realiseStorePaths builds them. Packages of the lock are realised by the
 * package session (which also makes the profiles later).
 */
import type { Evaluation } from "../../module-system/eval-modules.ts";
import type { EvalStore } from "../../nix/eval-store.ts";
import type { Lazy } from "../../nix/value.ts";
import type { FileTree } from "../../store/file-tree.ts";
import type { PackageSession } from "../package-session.ts";
import { realiseStorePaths } from "./realise.ts";
import { stringContexts } from "./string-contexts.ts";

const PARTS = ["environment", "users", "systemd", "home-manager"];

export interface ConfigRealisation {
  readonly root: string;
  readonly stores: readonly EvalStore[];
  readonly storeCopies?: readonly { readonly name: string; readonly tree: FileTree }[];
  readonly packages?: PackageSession;
}

export async function realiseConfigReferences(ev: Evaluation, o: ConfigRealisation): Promise<void> {
  const cfg = ev.config;
  const parts = PARTS.filter((p) => cfg.has(p)).map((p) => cfg.lazy(p) as Lazy);
  const contexts = stringContexts(parts, o.stores[0]?.storeDir);
  if (contexts.size === 0) return;
  const packages = o.packages;
  await realiseStorePaths(contexts, {
    root: o.root,
    stores: o.stores,
    storeCopies: o.storeCopies,
    realiseOther: packages === undefined ? undefined : async (paths) => void (await packages.realise(paths)),
  });
}
