/**
 * The manifest entries of a generation, one configuration entry at a
 * time: an environment.etc entry (its files added to the generation's
 * tree, a `text` one's store file to the paths written with it, a link
 * for a flake's source outside the store), a user,
 * a package reference. Each throws a UserError naming what is wrong.
 */
import { posix } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { showOption } from "../module-system/option-path.ts";
import type { FileTree, TreeEntry } from "../store/file-tree.ts";
import { textFileTree } from "../store/text-store-path.ts";
import { etcTextName } from "../modules/system/etc.ts";
import { toShellPath } from "../modules/system/users-shells.ts";
import type { DefaultedField, EtcEntry, PackageRef, UserEntry } from "./manifest.ts";
import type { SourceReader } from "./generation-spec.ts";
import { STORE_DIR } from "../store/store-path.ts";
import { overlongComponent } from "../store/file-name.ts";
import { MAX_ID } from "../activate/users/account-rules.ts";

type Js = Record<string, any>;

/**
 * `linkOutOfStore`: a `source` string outside the store (a flake's `source = "/run/x";`) is a link
 * to that path, never read, as NixOS's /etc makes it; otherwise (a TypeScript configuration's
 * strings name files) it is read into the generation like a path.
 */
export function etcEntry(loc: string[], e: Js, files: Map<string, TreeEntry>, readSource: SourceReader, textSources: { name: string; tree: FileTree }[], linkOutOfStore = false): EtcEntry | undefined {
  if (!e.enable) return undefined;
  const target = normaliseTarget(loc, e.target as string);
  const mode = e.mode as string;
  if (mode !== "symlink" && !/^0?[0-7]{3,4}$/.test(mode)) {
    throw new UserError(`Cannot use mode '${mode}' for \`${showOption(loc)}': expected "symlink" or an octal mode such as "0644"`);
  }
  // A copy is chowned to them: an id chown cannot take is refused here, not met there.
  for (const field of mode === "symlink" ? [] : (["uid", "gid"] as const)) {
    const id = e[field] as number;
    if (!Number.isInteger(id) || id < 0 || id > MAX_ID) throw new UserError(`Cannot use ${field} ${id} for \`${showOption(loc)}': expected a whole number from 0 to ${MAX_ID}`);
  }
  const source = `etc/${target}`;
  if (e.text !== null) {
    // One buffer for both: the store links etc/<target> to the text path it writes first (src/store/stage-tree.ts).
    const text = textFileTree(e.text as string);
    files.set(source, text.get("") as TreeEntry);
    textSources.push({ name: etcTextName(target), tree: text });
  } else if (linkOutOfStore && typeof e.source === "string" && e.source.startsWith("/") && !e.source.startsWith(`${STORE_DIR}/`)) {
    if (mode !== "symlink") {
      throw new UserError(`Cannot copy '${e.source}' to /etc/${target} (mode ${mode}) for \`${showOption(loc)}': it is outside the store, so it can only be linked to (mode "symlink"), or given as a path (./file) to be copied into the generation`);
    }
    files.set(source, { kind: "symlink", target: e.source });
  } else {
    const from = String(e.source);
    for (const [rel, entry] of readSource(from)) files.set(rel === "" ? source : `${source}/${rel}`, entry);
  }
  return { target, source, mode, uid: e.uid, gid: e.gid, user: e.user, group: e.group, replaceExisting: e.replaceExisting };
}

function normaliseTarget(loc: string[], target: string): string {
  const t = target.replace(/^\/+/, "").replace(/^etc\//, "");
  const parts = t.split("/");
  if (/[\0\n]/.test(t)) throw new UserError(`Cannot use ${JSON.stringify(target)} as the target of \`${showOption(loc)}': a path in /etc may not hold a newline or a NUL character`);
  if (t === "" || target.startsWith("/") || parts.some((p) => p === ".." || p === "." || p === "")) {
    throw new UserError(`Cannot use '${target}' as the target of \`${showOption(loc)}': it must be a relative path inside /etc, without "." or ".." components`);
  }
  const overlong = overlongComponent(t);
  if (overlong !== undefined) throw new UserError(`Cannot use '${target}' as the target of \`${showOption(loc)}': ${overlong}`);
  return posix.normalize(t);
}

/** `defaulted`: the passwd fields whose value is only a default (user-defaulted-fields.ts). */
export function userEntry(key: string, u: Js, defaulted: readonly DefaultedField[]): UserEntry {
  const shell = toShellPath(["users", "users", key, "shell"], u.shell);
  return {
    name: u.name,
    uid: u.uid,
    group: u.group,
    extraGroups: [...u.extraGroups],
    description: u.description,
    home: String(u.home),
    createHome: u.createHome,
    homeMode: u.homeMode,
    shell,
    isSystemUser: u.isSystemUser,
    isNormalUser: u.isNormalUser,
    hashedPassword: u.hashedPassword,
    hashedPasswordFile: u.hashedPasswordFile,
    password: u.password,
    initialPassword: u.initialPassword,
    initialHashedPassword: u.initialHashedPassword,
    linger: u.linger,
    defaulted: [...defaulted],
  };
}

export function packageRef(p: unknown): PackageRef {
  const pkg = p as Js;
  if (typeof p === "string") return { attr: null, outPath: p };
  return { attr: typeof pkg.pname === "string" ? pkg.pname : null, outPath: String(pkg.outPath) };
}
