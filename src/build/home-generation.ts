/**
 * A user's home generation (pure apart from reading `source` files): the
 * `home-files/` mirror of every managed file, `home.json` (versioned: who,
 * where, which files, the sorted activation steps), and the extra store
 * files the configuration refers to (hm-session-vars.sh, git includes and
 * hooks). Links in $HOME will point at `<generation>/home-files/<target>`.
 * A `text` file's home-files entry is one file with its text store path
 * (src/store/write-store-paths.ts), which home.json names with the file (`text`),
 * as home-manager's home-files refers to each file it links: gc keeps
 * those paths while the generation lives, so the next generation links
 * the same inodes again.
 */
import { UserError, UserErrors } from "../diagnostics/user-error.ts";
import type { FileTree, TreeEntry } from "../store/file-tree.ts";
import { STORE_DIR, type StorePath } from "../store/store-path.ts";
import { linkFarmTree, textFileTree, textStoreFile } from "../store/text-store-path.ts";
import type { SourceReader } from "./generation-spec.ts";
import { sortActivation, type ActivationStep } from "./activation-dag.ts";
import { enabledFileEntries } from "./home-file-entries.ts";
import { isCleanAbsolute, overlongComponent } from "../store/file-name.ts";

export const HOME_MANIFEST_VERSION = 1;
export const HOME_GENERATION_NAME = "home-manager-generation";

export interface HomeFile {
  /** Relative to the home directory. */
  readonly target: string;
  readonly kind: "file" | "directory";
  readonly force: boolean;
  readonly onChange: string;
  /**
   * A `text` file's text store path, whose bytes its home-files entry
   * holds, and whether the entry is executable: two generations' entries
   * with the same are the same file, which home activation tells without
   * looking at either (src/activate/home/home-roots.ts).
   */
  readonly text?: string;
  readonly executable?: boolean;
}

export interface HomeManifest {
  readonly version: typeof HOME_MANIFEST_VERSION;
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

const STORE_PREFIX = `${STORE_DIR}/`;

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
      if (content !== null) {
        // The source's store name (its last component, without the hash), which may not start with a dot (a source named after its target, ".zshrc").
        const name = String(f("source")).replace(/^.*\//, "").replace(/^[0-9a-z]{32}-/, "").replace(/^\.+/, "") || "hm-file";
        // One buffer for both, the one the evaluation hashed when it named the source (text-store-path.ts): the store makes the text path and home-files/<target> one file when the modes agree (src/store/write-store-paths.ts).
        const text = textStoreFile(name, content);
        tree.set(base, { kind: "file", content: (text.tree.get("") as TreeEntry & { kind: "file" }).content, executable: executable === true });
        textSources.push({ name, tree: text.tree, path: text.path });
        files.push({ target, kind: "file", force, onChange, text: text.path, executable: executable === true });
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
  if (errors.length > 0) throw errors.length === 1 ? errors[0] : new UserErrors(errors);

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
  // Unindented: every activation reads it (two generations' for a switch), and a 10,000-file home's is a third smaller so.
  tree.set("home.json", { kind: "file", content: Buffer.from(JSON.stringify(manifest) + "\n"), executable: false });
  const extra = [
    ...textSources,
    ...(home.home.textFiles as { name: string; text: string }[]).map(({ name, text }) => ({ name, tree: textFileTree(text) })),
    ...Object.entries(home.home.linkFarms as Record<string, Record<string, string>>).map(([name, links]) => ({ name, tree: linkFarmTree(links) })),
  ];
  return { manifest, tree, extra };
}

/** Why `m` (a parsed home.json) is not a home manifest this version reads, or undefined when it is. */
export function homeManifestProblem(m: unknown): string | undefined {
  if (typeof m !== "object" || m === null || Array.isArray(m)) return "it is not a JSON object";
  const o = m as Js;
  if (o.version !== HOME_MANIFEST_VERSION) return `it has version ${JSON.stringify(o.version)}, and this system-manager reads ${HOME_MANIFEST_VERSION}`;
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
    if (e.text !== undefined && !(typeof e.text === "string" && e.text.startsWith(STORE_PREFIX) && typeof e.executable === "boolean")) {
      return `files has an entry whose text is not a store path with its executable bit: ${JSON.stringify(f)}`;
    }
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
