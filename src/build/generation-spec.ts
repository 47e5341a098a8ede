/**
 * From an evaluated system configuration to the content of a generation:
 * the manifest plus the files it references (under etc/). Pure apart from
 * reading `source` files through the injected reader. Problems in separate
 * entries are collected and reported together.
 */
import { collectedErrors, UserError, UserErrors } from "../diagnostics/user-error.ts";
import { definitionSites, locatedAt } from "../module-system/definition-sites.ts";
import type { Evaluation } from "../module-system/eval-modules.ts";
import { OptionError } from "../module-system/option-error.ts";
import { showOption, type OptionPath } from "../module-system/option-path.ts";
import { toJS } from "../nix/js-value.ts";
import { force, NixAttrs, type Lazy } from "../nix/value.ts";
import { contentAddressedPath, type FileTree, type TreeEntry } from "../store/file-tree.ts";
import type { StorePath } from "../store/store-path.ts";
import type { NamedTree } from "../store/write-store-paths.ts";
import { MANIFEST_VERSION, type EtcEntry, type GroupEntry, type HomeEntry, type Manifest, type PackageRef, type UserEntry } from "./manifest.ts";
import { etcEntry, packageRef, userEntry } from "./generation-entries.ts";
import { withValidate } from "./etc-validate.ts";
import { HOME_GENERATION_NAME, homeGenerationSpec } from "./home-generation.ts";
import { UNITS_ETC_ENTRY, unitsSpec, type SystemdConfig } from "./systemd/units-spec.ts";
import { homeManagerUnits, homeManagerUsers } from "./home-manager-units.ts";
import { systemdForBuild } from "./systemd/derived-units.ts";
import { isRealHomeConfig, realHomeContent } from "../home/real-home-manager.ts";
import { usersAsBuilt } from "./users-as-built.ts";
import { defaultedFields, userEvaluations } from "./user-defaulted-fields.ts";
import { configGroupUses, usedGroups } from "./used-default-groups.ts";
import { EPHEMERAL_RESTORE_FILE, ephemeralRestoreUnit } from "./ephemeral-restore-unit.ts";
import { backupExtension } from "../home/backup-extension.ts";
import { preActivationAssertions } from "./pre-activation-assertions.ts";
import { checkEntries } from "./system-checks.ts";

/** Reads a `source` path: a file, or a directory as relative paths to entries. */
export type SourceReader = (path: string) => ReadonlyMap<string, TreeEntry>;

export interface GenerationContent {
  readonly manifest: Manifest;
  readonly tree: FileTree;
  /** Other store paths the generation refers to (home generations and their files), written first. */
  readonly extraStorePaths: readonly NamedTree[];
}

type Js = Record<string, any>;

/** `engine`: the store path of the activation engine the generation carries (units run it too). */
/** `linkOutOfStore`: /etc sources outside the store are links to them (a flake's, as NixOS), not files to read (etcEntry). */
export function generationSpec(ev: Evaluation, system: string, readSource: SourceReader, engine: StorePath, linkOutOfStore = false): GenerationContent {
  const cfg = ev.config;
  const get = (name: string) => toJS(cfg.lazy(name) as Lazy) as Js;
  const errors: UserError[] = [];
  /** An error without a location, at its option's first definition site: an OptionError's own option, else `loc`. */
  const located = (e: UserError, loc: OptionPath): UserError => locatedAt(ev.tree, e instanceof OptionError ? locatedAt(ev.tree, e, e.loc) : e, loc);
  const attempt = <T>(loc: string[], f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      // Several at once (a home's files): each an option's error (located there) or left as it is.
      if (e instanceof UserErrors) errors.push(...e.errors.map((inner) => (inner instanceof OptionError ? located(inner, inner.loc) : inner)));
      else errors.push(located(e, loc));
      return undefined;
    }
  };

  const files = new Map<string, TreeEntry>();
  const etc: EtcEntry[] = [];
  const environment = get("environment");
  const byTarget = new Map<string, string>();
  // The store files `text` entries name as their source; written with the generation.
  const textSources: { name: string; tree: FileTree }[] = [];
  for (const name of Object.keys(environment.etc).sort()) {
    const loc = ["environment", "etc", name];
    const entry = attempt(loc, () => {
      const e = etcEntry(loc, environment.etc[name], files, readSource, textSources, linkOutOfStore);
      return e === undefined ? undefined : withValidate(e, environment.etc[name].validate, loc, ev.tree);
    });
    if (entry === undefined) continue;
    const other = byTarget.get(entry.target);
    if (other !== undefined) {
      errors.push(new UserError(`Cannot generate /etc/${entry.target} twice: \`${showOption(["environment", "etc", other])}' and \`${showOption(loc)}' both target it`));
    }
    byTarget.set(entry.target, name);
    etc.push(entry);
  }

  const usersCfg = toJS(usersAsBuilt(cfg).users) as Js;
  const users: UserEntry[] = [];
  const userPackages: Record<string, PackageRef[]> = {};
  const userEvaluation = userEvaluations(ev);
  for (const key of Object.keys(usersCfg.users).sort()) {
    const loc = ["users", "users", key];
    attempt(loc, () => {
      const u = usersCfg.users[key];
      if (!u.enable) return;
      users.push(userEntry(key, u, defaultedFields(userEvaluation(key))));
      userPackages[u.name] = (u.packages as unknown[]).map(packageRef);
    });
  }
  // Who names each group in extraGroups, in the users' order (one pass, not one per group).
  const extraMembers = new Map<string, string[]>();
  for (const u of users) {
    for (const name of new Set(u.extraGroups)) {
      const members = extraMembers.get(name);
      if (members === undefined) extraMembers.set(name, [u.name]);
      else members.push(u.name);
    }
  }
  const groups: GroupEntry[] = [];
  for (const key of Object.keys(usersCfg.groups).sort()) {
    attempt(["users", "groups", key], () => {
      const g = usersCfg.groups[key];
      const members = new Set<string>(g.members);
      for (const name of extraMembers.get(g.name) ?? []) members.add(name);
      groups.push({ name: g.name, gid: g.gid, members: [...members] });
    });
  }
  const systemPackages = attempt(["environment", "systemPackages"], () => (environment.systemPackages as unknown[]).map(packageRef)) ?? [];
  const flags = attempt(["system-manager"], () => ({
    ...preActivationAssertions(get("system-manager").preActivationAssertions, (key) => definitionSites(ev.tree, ["system-manager", "preActivationAssertions", key]).map((s) => s.file)),
    userborn: get("services").userborn.enable as boolean,
  }));
  const extraStorePaths: NamedTree[] = [...textSources];
  const homes: Record<string, HomeEntry> = {};
  // Read piece by piece: a real home-manager's configuration is never converted whole (realHomeContent reads what it needs).
  const hm = cfg.has("home-manager") ? (force(cfg.lazy("home-manager") as Lazy) as NixAttrs) : undefined;
  const hmUsers = homeManagerUsers(cfg);
  const backupFileExtension = hm === undefined ? null : (attempt(["home-manager", "backupFileExtension"], () => backupExtension(toJS(hm.lazy("backupFileExtension") ?? null) as string | null, "`home-manager.backupFileExtension'")) ?? null);
  for (const user of (hmUsers?.keys() ?? []).sort()) {
    attempt(["home-manager", "users", user], () => {
      const userCfg = force(hmUsers?.lazy(user) as Lazy) as NixAttrs;
      // A file entry's error is that entry's option's (located by `attempt`).
      const fileError = (name: string, e: UserError) => (e.location === undefined ? new OptionError(e.message, ["home-manager", "users", user, "home", "file", name]) : e);
      const home = isRealHomeConfig(userCfg) ? realHomeContent(userCfg, { user, readSource }) : homeGenerationSpec(user, toJS(userCfg) as Js, readSource, undefined, fileError);
      const generation = contentAddressedPath(HOME_GENERATION_NAME, home.tree);
      extraStorePaths.push(...home.extra, { name: HOME_GENERATION_NAME, tree: home.tree, path: generation });
      homes[user] = {
        generation,
        backupFileExtension,
        verbose: toJS(hm?.lazy("verbose") ?? false) === true,
      };
    });
  }
  // Unit files are laid out under etc/systemd/system of the generation and linked by one /etc entry.
  // Each Home Manager user gets home-manager-<user>.service, which runs their activation as them.
  const sd = attempt(["systemd"], () => {
    const systemd = toJS(systemdForBuild(cfg, (path) => definitionSites(ev.tree, path).map((s) => s.file))) as SystemdConfig;
    const services = { ...systemd.services, ...homeManagerUnits(homes, users, engine) } as SystemdConfig["services"];
    // A package's unit directories, read as /etc sources are (the packages are in the store by now); a package without them ships no units.
    const readUnitDir = (dir: string) => {
      try {
        return readSource(dir);
      } catch (e) {
        if (e instanceof UserError) return undefined;
        throw e;
      }
    };
    return unitsSpec({ ...systemd, services }, readUnitDir);
  });
  if (sd !== undefined) {
    for (const [rel, entry] of sd.files) {
      if (files.has(rel)) errors.push(new UserError(`Cannot generate /${rel}: it is both a systemd unit file and an environment.etc entry`));
      files.set(rel, entry);
    }
    if (sd.files.size > 0) etc.push(UNITS_ETC_ENTRY);
  }

  if (errors.length > 0 || flags === undefined) throw collectedErrors(errors) ?? new UserErrors(errors);

  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    system,
    engine,
    ...flags,
    etc,
    users,
    groups: usedGroups(groups, {
      users,
      etc,
      units: sd?.units ?? {},
      ...configGroupUses(cfg),
      definedIn: (name) => definitionSites(ev.tree, ["users", "groups", name]).map((s) => s.file),
    }),
    units: sd?.units ?? {},
    homes,
    packages: { system: systemPackages, users: userPackages },
  };
  const checks = attempt(["system", "checks"], () => checkEntries(toJS((force(cfg.lazy("system") as Lazy) as NixAttrs).lazy("checks") as Lazy) as unknown[])) ?? [];
  for (const [rel, entry] of checks) files.set(rel, entry);
  files.set(EPHEMERAL_RESTORE_FILE, { kind: "file", content: Buffer.from(ephemeralRestoreUnit(engine)), executable: false });
  files.set("manifest.json", { kind: "file", content: Buffer.from(JSON.stringify(manifest, null, 2) + "\n"), executable: false });
  return { manifest, tree: files, extraStorePaths };
}
