/**
 * Before a generation is computed from an evaluated configuration, the
 * store paths its strings refer to (environment.etc sources, users'
 * packages and shells, units, system.checks, Home Manager's files and packages) are
 * realised under the build's root: the parts of the configuration the
 * generation is made from are walked for string contexts, and
 * realiseStorePaths builds them. Of each Home Manager user only `home` is
 * walked (its files, packages, activation; of a file, what its generation
 * entry is made from, not the text path the build writes for a `text`):
 * the rest holds option values
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
  const parts = [...PARTS.filter((p) => cfg.has(p)).map((p) => (p === "systemd" ? withoutHomeManagerUnits(cfg) : p === "users" ? usersAsBuilt(cfg).users : (cfg.lazy(p) as Lazy))), ...homeParts(cfg), ...checksOf(cfg)];
  const contexts = stringContexts(parts, o.stores[0]?.storeDir);
  // The walk looked up the packages these parts name: nothing is built while one of them cannot be had.
  o.packages?.throwUnavailable();
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

/** `system.checks`, built with the system (of `system`, only they: its activation scripts are not made). */
function checksOf(cfg: NixAttrs): Lazy[] {
  if (!cfg.has("system")) return [];
  const system = force(cfg.lazy("system") as Lazy);
  return system instanceof NixAttrs && system.has("checks") ? [system.lazy("checks") as Lazy] : [];
}

/** Of every Home Manager user, what its home generation is made from: `home` (a real home-manager's: realHomeReferences). */
function homeParts(cfg: NixAttrs): Lazy[] {
  const users = homeManagerUsers(cfg);
  if (users === undefined) return [];
  return users.keys().flatMap((name) => {
    const user = force(users.lazy(name) as Lazy);
    if (user instanceof NixAttrs && isRealHomeConfig(user)) return realHomeReferences(user);
    return user instanceof NixAttrs && user.has("home") ? homeReferences(user.lazy("home") as Lazy) : [];
  });
}

/**
 * Of `home`, what the generation reads: all of it but `file`, and of each
 * enabled file its `text` and `onChange`, and its `source` when it has no
 * text (a text entry's source is the text path the build writes itself:
 * home-generation.ts). What fails to evaluate is left whole, for the
 * walk to skip and the build to report.
 */
function homeReferences(home: Lazy): Lazy[] {
  let attrs: NixAttrs;
  try {
    const h = force(home);
    if (!(h instanceof NixAttrs) || !h.has("file")) return [home];
    attrs = h;
  } catch {
    return [home];
  }
  const parts = attrs.keys().flatMap((k) => (k === "file" ? [] : [attrs.lazy(k) as Lazy]));
  let files: NixAttrs;
  try {
    const f = force(attrs.lazy("file") as Lazy);
    if (!(f instanceof NixAttrs)) return [...parts, attrs.lazy("file") as Lazy];
    files = f;
  } catch {
    return parts;
  }
  for (const entry of files.valuesInOrder()) {
    try {
      const f = force(entry);
      if (!(f instanceof NixAttrs)) {
        parts.push(entry);
        continue;
      }
      if (force(f.lazy("enable") as Lazy) !== true) continue;
      parts.push(f.lazy("text") as Lazy, f.lazy("onChange") as Lazy);
      if (force(f.lazy("text") as Lazy) === null) parts.push(f.lazy("source") as Lazy);
    } catch {
      parts.push(entry);
    }
  }
  return parts.filter((p) => p !== undefined);
}
