/**
 * A user's home generation (pure apart from reading `source` files): the
 * `home-files/` mirror of every managed file, `home.json` (versioned: who,
 * where, which files, the sorted activation steps), and the extra store
 * files the configuration refers to (hm-session-vars.sh, git includes and
 * hooks). Links in $HOME will point at `<generation>/home-files/<target>`,
 * except a `text` file's (home.json version 2): its link names its text
 * store path (`text` in home.json) straight, and it has no home-files
 * entry, so a generation of a 10,000-file home is made without 10,000
 * links, and an unchanged file's link names the same path in every
 * generation. home.json names each text path, as home-manager's
 * home-files refers to each file it links: gc keeps those paths while the
 * generation lives. Two kinds of text file keep a home-files entry of
 * their own (`homeFiles: true`): an executable one (the text path is
 * not), and one in a systemd/user directory, as systemd names a unit
 * after its link's last target (home-manager's systemd module writes each
 * unit under its own name for this), which home-files/<target> is.
 * Version 1 (every file in home-files) is still read (homeFileLinks).
 */
import { collectedErrors, UserError } from "../diagnostics/user-error.ts";
import type { FileTree, TreeEntry } from "../store/file-tree.ts";
import { isStorePath, type StorePath } from "../store/store-path.ts";
import { linkFarmTree, textFileTree, textStoreFile, type TextStoreFile } from "../store/text-store-path.ts";
import type { SourceReader } from "./generation-spec.ts";
import { sortActivation, type ActivationStep } from "./activation-dag.ts";
import { enabledFileEntries } from "./home-file-entries.ts";
import { isCleanAbsolute, overlongComponent } from "../store/file-name.ts";

export const HOME_MANIFEST_VERSION = 2;
/** The versions of home.json this system-manager reads (its engine says so: engine-reads.ts). */
export const HOME_MANIFEST_READS: readonly number[] = [1, HOME_MANIFEST_VERSION];
export const HOME_GENERATION_NAME = "home-manager-generation";

export interface HomeFile {
  /** Relative to the home directory. */
  readonly target: string;
  readonly kind: "file" | "directory";
  readonly force: boolean;
  readonly onChange: string;
  /**
   * A `text` file's text store path, and whether the file is executable:
   * two generations' entries with the same are the same file, which home
   * activation tells without looking at either
   * (src/activate/home/home-roots.ts).
   */
  readonly text?: string;
  readonly executable?: boolean;
  /** A `text` file with a home-files entry of its own (version 2; every file has one in version 1). */
  readonly homeFiles?: true;
  /**
   * Not in home.json: the store path the file's link names straight (its
   * text path, version 2), where it has no home-files entry; set when a
   * manifest is read (homeFileLinks).
   */
  readonly link?: string;
}

/** Whether a file of a version 2 manifest is linked straight to its text path (no home-files entry). */
function linksStraight(f: HomeFile): f is HomeFile & { text: string } {
  return f.text !== undefined && f.homeFiles !== true;
}

/** A systemd/user directory (~/.config/systemd/user, ~/.local/share/systemd/user), where a file's name is its unit's. */
const UNIT_DIR = /(?:^|\/)systemd\/user\//;

/**
 * `m`, a manifest just read or made (of a version HOME_MANIFEST_READS
 * lists), with each file's `link` set where its link names a store path
 * straight: the files of version 2 that linksStraight, none of version 1.
 * Set in place: the files are the caller's own, and a copy of each of a
 * large home's (two manifests an activation) cost more than the rest of
 * reading them.
 */
export function homeFileLinks(m: HomeManifest): HomeManifest {
  if (m.version !== 2) return m;
  for (const f of m.files) if (linksStraight(f)) (f as { link?: string }).link = f.text;
  return m;
}

/** Where `generation`'s link for `f` (a file of its manifest, as homeFileLinks gives it) points: its straight link or its home-files entry. */
export function homeFileLocation(generation: string, f: HomeFile, prefix = ""): string {
  return f.link !== undefined ? prefix + f.link : `${generation}/home-files/${f.target}`;
}

export interface HomeManifest {
  readonly version: 1 | typeof HOME_MANIFEST_VERSION;
  readonly username: string;
  readonly homeDirectory: string;
  readonly uid: number | null;
  readonly stateVersion: string;
  readonly files: readonly HomeFile[];
  readonly activation: readonly ActivationStep[];
  readonly sessionVariablesFile: string;
}

export interface HomeContent {
  readonly manifest: HomeManifest;
  readonly tree: FileTree;
  /** Store paths the configuration refers to by path: name and content. */
  readonly extra: readonly { readonly name: string; readonly tree: FileTree; readonly path?: StorePath }[];
}

type Js = Record<string, any>;

/** An empty, "." or ".." component, at the start, between slashes or at the end. */
const BAD_COMPONENT = /(?:^|\/)\.{0,2}(?:\/|$)/;


/** A relative target with no NUL and no empty, "." or ".." component (normalised already). */
function isCleanTarget(target: string): boolean {
  return !(target.startsWith("/") || target.includes("\0") || BAD_COMPONENT.test(target));
}

function checkTarget(user: string, target: string): string {
  if (!isCleanTarget(target)) {
    throw new UserError(`Cannot manage '${target}' in the home of ${user}: a home file's target must be a relative path inside the home, without "." or ".." components`);
  }
  const overlong = overlongComponent(target);
  if (overlong !== undefined) throw new UserError(`Cannot manage '${target}' in the home of ${user}: ${overlong}`);
  return target;
}

/**
 * The text store file of a `text` entry whose source is its text (as
 * home-manager's file type makes it: writeTextFile of the text, named
 * after the source, or another store's file of the same bytes), or
 * undefined when a source set otherwise wins (the text only sets the
 * source's default there) and is linked as any source.
 * It is the one the evaluation hashed when it named the source
 * (text-store-path.ts): one buffer for the text path and, where there is
 * one, the home-files entry, which the store makes one file when the
 * modes agree (src/store/write-store-paths.ts).
 */
function textSource(source: string, content: string, executable: boolean, readSource: SourceReader): (TextStoreFile & { readonly name: string }) | undefined {
  // The source's store name (its last component, without the hash), which may not start with a dot (a source named after its target, ".zshrc").
  const name = source.replace(/^.*\//, "").replace(/^[0-9a-z]{32}-/, "").replace(/^\.+/, "") || "hm-file";
  const text = textStoreFile(name, content);
  if (source === text.path || (executable && source === textStoreFile(name, content, true).path)) return { name, ...text };
  // Another store's path for the same text (the real home-manager's writeTextFile, realised): the same bytes are the same file.
  const read = readSource(source);
  const one = read.size === 1 ? read.get("") : undefined;
  const bytes = (text.tree.get("") as TreeEntry & { kind: "file" }).content;
  return one?.kind === "file" && one.content.equals(bytes) ? { name, ...text } : undefined;
}

/**
 * `sorted`: activation steps already in order (real home-manager's, sorted by its own lib.hm.dag).
 * `fileError`: what an error of the entry `name` of `home.file` becomes (the caller locates it at
 * that option, when it can).
 */
export function homeGenerationSpec(
  user: string,
  home: Js,
  readSource: SourceReader,
  sorted?: { readonly activation: readonly ActivationStep[] },
  fileError: (name: string, e: UserError) => UserError = (_, e) => e,
): HomeContent {
  const errors: UserError[] = [];
  const tree = new Map<string, TreeEntry>();
  // The store files `text` entries name as their source (home-manager writes them too).
  const textSources: { name: string; tree: FileTree; path: StorePath }[] = [];
  const files: HomeFile[] = [];
  // Each entry's target read once (the sort compares a 10,000-file home's 130,000 times).
  for (const { name: key, field: f, target: declared } of enabledFileEntries(home.home.file).sort((a, b) => a.target.length - b.target.length || (a.target < b.target ? -1 : 1))) {
    try {
      const target = checkTarget(user, declared);
      const base = `home-files/${target}`;
      const onChange = f("onChange") as string;
      const force = f("force") as boolean;
      const executable = f("executable") as boolean | null;
      const content = f("text") as string | null;
      const text = content === null ? undefined : textSource(String(f("source")), content, executable === true, readSource);
      if (text !== undefined) {
        const { name } = text;
        const own = executable === true || UNIT_DIR.test(target);
        if (own) tree.set(base, { kind: "file", content: (text.tree.get("") as TreeEntry & { kind: "file" }).content, executable: executable === true });
        textSources.push({ name, tree: text.tree, path: text.path });
        files.push({ target, kind: "file", force, onChange, text: text.path, executable: executable === true, ...(own ? { homeFiles: true as const } : {}) });
        continue;
      }
      const source = readSource(String(f("source")));
      const isDir = !source.has("");
      for (const [rel, e] of source) {
        const entry = e.kind === "file" && executable !== null ? { ...e, executable } : e;
        tree.set(rel === "" ? base : `${base}/${rel}`, entry);
        if (isDir && f("recursive")) files.push({ target: `${target}/${rel}`, kind: "file", force, onChange });
      }
      if (!isDir || !f("recursive")) files.push({ target, kind: isDir ? "directory" : "file", force, onChange });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      errors.push(fileError(key, e));
    }
  }
  let activation: ActivationStep[] = [];
  try {
    activation = sorted !== undefined ? [...sorted.activation] : sortActivation(home.home.activation as Record<string, { data: string; after: string[]; before: string[] }>);
  } catch (e) {
    if (e instanceof UserError) errors.push(e);
    else throw e;
  }
  const homeDirectory = String(home.home.homeDirectory);
  if (!isCleanAbsolute(homeDirectory)) {
    errors.push(new UserError(`Cannot build the home of ${user}: its home directory ${JSON.stringify(homeDirectory)} is not an absolute path without "." or ".." components`));
  }
  const failed = collectedErrors(errors);
  if (failed !== undefined) throw failed;

  const manifest: HomeManifest = {
    version: HOME_MANIFEST_VERSION,
    username: home.home.username,
    homeDirectory,
    uid: home.home.uid,
    stateVersion: home.home.stateVersion,
    files,
    activation,
    sessionVariablesFile: home.home.sessionVariablesFile,
  };
  tree.set("home.json", homeJson(manifest));
  const extra = [
    ...textSources,
    ...(home.home.textFiles as { name: string; text: string }[]).map(({ name, text }) => ({ name, tree: textFileTree(text) })),
    ...Object.entries(home.home.linkFarms as Record<string, Record<string, string>>).map(([name, links]) => ({ name, tree: linkFarmTree(links) })),
  ];
  return { manifest: homeFileLinks(manifest), tree, extra };
}

/**
 * The home.json of `m` (without the `link`s reading adds). Unindented:
 * every activation reads it (two generations' for a switch), and a
 * 10,000-file home's is a third smaller so.
 */
export function homeJson(m: HomeManifest): TreeEntry {
  const files = m.files.some((f) => f.link !== undefined) ? m.files.map(({ link: _, ...f }) => f) : m.files;
  return { kind: "file", content: Buffer.from(JSON.stringify({ ...m, files }) + "\n"), executable: false };
}

/** Why `m` (a parsed home.json) is not a home manifest this version reads, or undefined when it is. */
export function homeManifestProblem(m: unknown): string | undefined {
  if (typeof m !== "object" || m === null || Array.isArray(m)) return "it is not a JSON object";
  const o = m as Js;
  if (!HOME_MANIFEST_READS.includes(o.version)) return `it has version ${JSON.stringify(o.version)}, and this system-manager reads ${HOME_MANIFEST_READS.join(" and ")}`;
  const str = (v: unknown) => typeof v === "string";
  if (!str(o.username) || o.username === "") return "username is not a non-empty string";
  if (!str(o.homeDirectory) || !isCleanAbsolute(o.homeDirectory)) return `homeDirectory ${JSON.stringify(o.homeDirectory)} is not an absolute path without "." or ".." components`;
  if (o.uid !== null && !(Number.isInteger(o.uid) && o.uid >= 0)) return `uid ${JSON.stringify(o.uid)} is neither null nor a user id`;
  if (!Array.isArray(o.files)) return "files is not a list";
  // Every activation checks two generations' files (20,000 for a large home): no allocation per entry.
  for (const f of o.files as unknown[]) {
    const e = f as Js;
    if (typeof f !== "object" || f === null || typeof e.target !== "string" || (e.kind !== "file" && e.kind !== "directory") || typeof e.force !== "boolean" || typeof e.onChange !== "string") {
      return `files has an entry that is not {target, kind, force, onChange}: ${JSON.stringify(f)}`;
    }
    if (e.text !== undefined && !(typeof e.text === "string" && isStorePath(e.text) && typeof e.executable === "boolean")) {
      return `files has an entry whose text is not a store path with its executable bit: ${JSON.stringify(f)}`;
    }
    if (e.homeFiles !== undefined && !(e.homeFiles === true && e.text !== undefined)) return `files has an entry whose homeFiles is not true for a text file: ${JSON.stringify(f)}`;
    if (!isCleanTarget(e.target)) return `the file target ${JSON.stringify(e.target)} is not a relative path inside the home`;
  }
  if (!Array.isArray(o.activation)) return "activation is not a list";
  for (const s of o.activation as unknown[]) {
    const e = s as Js;
    if (typeof s !== "object" || s === null || !str(e.name) || !str(e.data) || typeof e.builtin !== "boolean") {
      return `activation has a step that is not {name, data, builtin}: ${JSON.stringify(s)}`;
    }
  }
  return undefined;
}
