/**
 * A Debian package's output: the store path `pkgs.<attr>` stands for,
 * with the layout modules expect of a package (`${pkgs.git}/bin/git`):
 * bin/ holds the package's own programs (usr/bin, bin, usr/sbin, sbin, usr/games),
 * the names the mapping table and the package's `update-alternatives`
 * calls give them (vim → vim.basic), the programs of the closure members
 * the table names (`programsOf`: gnupg's gpg, gpg-agent…), the programs
 * of the versioned directories it names (`binDirs`: PostgreSQL's
 * usr/lib/postgresql/15/bin, whose programs find their share/ and lib/
 * from their own real path, so a link keeps them working), share/ its
 * manuals and shell completions, and lib/qt-5/plugins (and qml, and Qt
 * 6's) its Qt plugins. Each entry links into the package's .deb path, or
 * is a small wrapper when the package needs data paths set (git, vim); a tree
 * several members install into is made one tree of links (linked-tree.ts:
 * a JDK's home, whose bin/ programs are the output's); files a
 * fixup names (bash-completion's profile.d script) are written as given,
 * and the links it names (nginx's conf/ and html/) made. A Python script
 * is a wrapper running the closure's Python with its modules
 * (python-programs.ts), a Perl script the closure's perl (perl-programs.ts),
 * a Ruby script the closure's Ruby (ruby-programs.ts).
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, chmodSync, copyFileSync, linkSync } from "node:fs";
import { dirname, join } from "node:path";
import { UserError } from "../../diagnostics/user-error.ts";
import type { StorePath } from "../../store/store-path.ts";
import { keptInStore } from "../../store/write-store-path.ts";
import type { LockedDeb } from "../lock.ts";
import { resolveInRoot } from "../rooted-path.ts";
import { StagedPath } from "../staged-path.ts";
import { shellQuote } from "../shell-quote.ts";
import { META_DIR } from "./closure-view.ts";
import { alternativeLinks } from "./alternative-links.ts";
import { BIN_DIRS, debStorePath, outputStorePath, QT_DIRS, SHARE_DIRS, type DebianPins, type OutputRecipe } from "./closure.ts";
import { GENERIC_ALTERNATIVES, type EnvFixup } from "./fixups.ts";
import { versionPattern } from "../names.ts";
import { linkTree, matchingDirs } from "./linked-tree.ts";
import { hasPython, PYTHON_SITE_DIR, pythonShebang, pythonWrapper, SITECUSTOMIZE } from "./python-programs.ts";
import { hasPerl, perlShebang, perlWrapper } from "./perl-programs.ts";
import { hasRuby, isRubyInterpreter, isRubyScript, RUBY_GEMS_FILE, rubyClosure, rubyGemsFile, rubyWrapper, type RubyClosure } from "./ruby-programs.ts";
import { shimTarget, shimWrapper } from "./shim-scripts.ts";
import { TRIPLET } from "./patch-elf.ts";

const BIN_LINK = /^(?:usr\/)?s?bin\/([^/]+)$/;

/** The programs a postinst links with update-alternatives (alternative-links.ts): NAME in a bin directory → its TARGET there (relative). */
export function alternatives(postinst: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [link, t] of alternativeLinks(postinst)) {
    const name = BIN_LINK.exec(link)?.[1];
    if (name !== undefined && BIN_LINK.test(t.path)) out.set(name, t.path);
  }
  return out;
}

/** Expands `${self}`, `${pkg:NAME}`, `${multiarch}` (the package's triplet: x86_64-linux-gnu) and a trailing `name*` segment of an environment value. */
function expand(value: string, recipe: OutputRecipe, pins: DebianPins, root: string): string {
  const arch = (pins.debs[recipe.deb] as LockedDeb).arch;
  const multiarch = () => {
    const triplet = TRIPLET[arch];
    if (triplet === undefined) throw new UserError(`Cannot wrap pkgs.${recipe.attr}: no multiarch directory is known for architecture '${arch}'`);
    return triplet;
  };
  const expanded = value.replace(/\$\{multiarch\}/g, multiarch).replace(/\$\{(self|pkg:([a-z0-9+.-]+))\}/g, (_, whole: string, name: string | undefined) => {
    const key = whole === "self" ? recipe.deb : recipe.closure.find((k) => (pins.debs[k] as LockedDeb).name === name);
    if (key === undefined) throw new UserError(`Cannot wrap pkgs.${recipe.attr}: its closure has no package '${name}'`);
    return debStorePath(key, pins);
  });
  if (!expanded.endsWith("*")) return expanded;
  const slash = expanded.lastIndexOf("/");
  const dir = expanded.slice(0, slash);
  const prefix = expanded.slice(slash + 1, -1);
  const match = readdirSync(join(root, dir)).filter((n) => n.startsWith(prefix) && lstatSync(join(root, dir, n)).isDirectory()).sort().pop();
  if (match === undefined) throw new UserError(`Cannot wrap pkgs.${recipe.attr}: nothing matches ${expanded}`);
  return `${dir}/${match}`;
}

/** The shell lines giving a fixup's variables `env` their `values`. */
function envLines(env: readonly EnvFixup[], values: readonly string[]): string[] {
  return env.map((e, i) => {
    const v = shellQuote(values[i] as string);
    return e.mode === "set" ? `export ${e.name}=${v}` : `${e.name}="\${${e.name}-${v.slice(1, -1)}}"; export ${e.name}`;
  });
}

function wrapper(target: string, env: readonly EnvFixup[], values: readonly string[], label: string): string {
  const lines = ["#!/bin/sh", `# system-manager: runs ${label} with the data paths compiled into it set to the store.`, ...envLines(env, values)];
  lines.push(`exec ${shellQuote(target)} "$@"`, "");
  return lines.join("\n");
}

/** A wrapper of ours (a shebang line, a comment, the rest) that also sets a fixup's variables, after its comment. */
function withEnv(script: string, env: readonly EnvFixup[], values: readonly string[]): string {
  if (env.length === 0) return script;
  const lines = script.split("\n");
  return [...lines.slice(0, 2), ...envLines(env, values), ...lines.slice(2)].join("\n");
}

function perlScript(root: string, members: readonly string[], file: string, script: string, label: string): string | undefined {
  const shebang = perlShebang(file);
  return shebang === undefined ? undefined : perlWrapper(root, members, script, shebang.flags, label);
}

/**
 * The wrapper of a shim (shim-scripts.ts): for a /usr/bin target, the
 * output's own program of that name (as it is wrapped; never the shim's
 * own), else the target in a member of the closure; undefined when there
 * is neither.
 */
function shimInClosure(root: string, out: string, programs: ReadonlyMap<string, unknown>, self: string, members: readonly string[], file: string, label: string): string | undefined {
  const target = shimTarget(file);
  if (target === undefined) return undefined;
  if (target.program.startsWith("/usr/bin/")) {
    const name = target.program.slice("/usr/bin/".length);
    return name !== self && programs.has(name) ? shimWrapper(`${out}/bin/${name}`, target.args, label) : undefined;
  }
  const owner = members.find((m) => existsSync(join(root, m, target.program)));
  return owner === undefined ? undefined : shimWrapper(`${owner}${target.program}`, target.args, label);
}

/** Writes the output store path of `recipe` unless it exists; its .debs must be realised. */
export function realiseOutput(root: string, recipe: OutputRecipe, pins: DebianPins): { path: StorePath; created: boolean } {
  const path = outputStorePath(recipe, pins);
  if (keptInStore(root, path)) return { path, created: false };
  const d = pins.debs[recipe.deb] as LockedDeb;
  const pkgPath = debStorePath(recipe.deb, pins);
  const pkgDir = join(root, pkgPath);
  // name in bin/ → [the store path of the package holding it, its path there]
  const bins = new Map<string, [string, string]>();
  const binDirs = recipe.name.binDirs ?? [];
  const programsIn = (storePath: string) => {
    for (const dir of [...BIN_DIRS, ...binDirs.flatMap((p) => matchingDirs(root, storePath, p))]) {
      const at = join(root, storePath, dir);
      if (!existsSync(at) || lstatSync(at).isSymbolicLink()) continue;
      for (const n of readdirSync(at).sort()) if (!bins.has(n)) bins.set(n, [storePath, `${dir}/${n}`]);
    }
  };
  // The programs a package's postinst links with update-alternatives, under their links' names.
  const alternativesOf = (storePath: string) => {
    const postinst = join(root, storePath, META_DIR, "DEBIAN", "postinst");
    if (!existsSync(postinst)) return;
    for (const [n, t] of alternatives(readFileSync(postinst, "utf8"))) {
      if (!bins.has(n) && !GENERIC_ALTERNATIVES.has(n) && existsSync(join(root, storePath, t))) bins.set(n, [storePath, t]);
    }
  };
  programsIn(pkgPath);
  const programsOf: string[] = [];
  for (const name of recipe.name.programsOf ?? []) {
    const re = versionPattern(name);
    const keys = recipe.closure.filter((k) => re.test((pins.debs[k] as LockedDeb).name)).sort();
    for (const key of keys) programsOf.push(debStorePath(key, pins));
  }
  for (const m of programsOf) programsIn(m);
  alternativesOf(pkgPath);
  for (const m of programsOf) alternativesOf(m);
  for (const [n, t] of Object.entries(recipe.name.bin ?? {})) {
    if (!existsSync(join(pkgDir, t))) throw new UserError(`Cannot expose ${n} of pkgs.${recipe.attr}: ${d.name} ${d.version} has no ${t}`);
    bins.set(n, [pkgPath, t]);
  }
  for (const [n, program] of Object.entries(recipe.name.aliases ?? {})) {
    const target = bins.get(program);
    if (target === undefined) throw new UserError(`Cannot expose ${n} of pkgs.${recipe.attr}: ${d.name} ${d.version} has no program ${program}`);
    bins.set(n, target);
  }
  const env = recipe.fixup?.env ?? [];
  const values = env.map((e) => expand(e.value.replace(/\$\{out\}/g, path), recipe, pins, root));
  const members = recipe.closure.map((k) => debStorePath(k, pins));
  const names = recipe.closure.map((k) => (pins.debs[k] as LockedDeb).name);
  const python = hasPython(names);
  const perl = hasPerl(names);
  // The closure's Ruby, looked up when its first program is wrapped.
  let ruby: RubyClosure | undefined | null = hasRuby(names) ? undefined : null;
  const rubyOf = () => (ruby === undefined ? (ruby = rubyClosure(root, members) ?? null) : ruby);
  const staged = new StagedPath(root, path);
  // A file the wrappers of one kind read, written with the first of them.
  const support = (rel: string, text: () => string) => {
    if (existsSync(join(staged.dir, rel))) return;
    mkdirSync(dirname(join(staged.dir, rel)), { recursive: true });
    writeFileSync(join(staged.dir, rel), text(), { mode: 0o444 });
  };
  try {
    mkdirSync(join(staged.dir, "bin"));
    for (const [n, [from, t]] of bins) {
      const target = resolveInRoot(root, `${from}/${t}`);
      const program = target !== undefined && target.stat.isFile() && (target.stat.mode & 0o111) !== 0;
      const interpreter = python && program ? /\/usr\/bin\/(python3\.\d+)$/.exec(target.path)?.[1] : undefined;
      const shebang = python && program && interpreter === undefined ? pythonShebang(target.path) : undefined;
      const label = `${d.name} ${d.version}`;
      const rubyProgram = ruby !== null && program && (isRubyInterpreter(target.path) ? "interpreter" : isRubyScript(target.path) ? "script" : undefined);
      const rubyClosureOf = rubyProgram ? rubyOf() : null;
      const wrapped =
        interpreter !== undefined ? pythonWrapper(root, path, members, undefined, { name: interpreter, flags: [] }, label)
        : shebang !== undefined ? pythonWrapper(root, path, members, `${from}/${t}`, shebang, label)
        : perl && program && /\/usr\/bin\/perl(5\.\d+\.\d+)?$/.test(target.path) && !perlShebang(target.path) ? perlWrapper(root, members, undefined, [], label)
        : ((perl && program ? perlScript(root, members, target.path, `${from}/${t}`, label) : undefined) ??
          (rubyClosureOf ? rubyWrapper(rubyClosureOf, path, rubyProgram === "script" ? `${from}/${t}` : undefined, label) : undefined));
      const shim = wrapped === undefined && program ? shimInClosure(root, path, bins, n, members, target.path, label) : undefined;
      if (shim !== undefined) writeFileSync(join(staged.dir, "bin", n), shim, { mode: 0o555 });
      else if (wrapped !== undefined) {
        writeFileSync(join(staged.dir, "bin", n), withEnv(wrapped, env, values), { mode: 0o555 });
        if (interpreter !== undefined || shebang !== undefined) support(`${PYTHON_SITE_DIR}/sitecustomize.py`, () => SITECUSTOMIZE);
        if (rubyClosureOf) support(RUBY_GEMS_FILE, () => rubyGemsFile(rubyClosureOf));
      } else if (env.length === 0 || !program) symlinkSync(`${from}/${t}`, join(staged.dir, "bin", n));
      else {
        writeFileSync(join(staged.dir, "bin", n), wrapper(`${from}/${t}`, env, values, `${d.name} ${d.version}`));
        chmodSync(join(staged.dir, "bin", n), 0o555);
      }
    }
    const shares = SHARE_DIRS.filter((s) => existsSync(join(pkgDir, "usr/share", s)));
    if (shares.length > 0) mkdirSync(join(staged.dir, "share"));
    for (const s of shares) symlinkSync(`${pkgPath}/usr/share/${s}`, join(staged.dir, "share", s));
    const triplet = TRIPLET[d.arch];
    for (const [rel, dir] of triplet === undefined ? [] : QT_DIRS) {
      if (!existsSync(join(pkgDir, "usr/lib", triplet, dir))) continue;
      mkdirSync(dirname(join(staged.dir, rel)), { recursive: true });
      symlinkSync(`${pkgPath}/usr/lib/${triplet}/${dir}`, join(staged.dir, rel));
    }
    for (const [rel, pattern] of Object.entries(recipe.fixup?.trees ?? {})) {
      if (linkTree(root, join(staged.dir, rel), members, pattern) === 0) throw new UserError(`Cannot make ${rel} of pkgs.${recipe.attr}: no package of ${d.name} ${d.version}'s closure has ${pattern}`);
      const programs = join(staged.dir, rel, "bin");
      for (const n of existsSync(programs) ? readdirSync(programs).sort() : []) {
        if (!bins.has(n)) symlinkSync(`${path}/${rel}/bin/${n}`, join(staged.dir, "bin", n));
      }
    }
    for (const [rel, text] of Object.entries(recipe.fixup?.files ?? {})) {
      const replaced = rel.startsWith("bin/") ? bins.get(rel.slice(4)) : undefined;
      // A program of its own (no ${target}) may be new; one that runs the program it replaces needs that program.
      if (rel.startsWith("bin/") && replaced === undefined && text.includes("${target}")) throw new UserError(`Cannot write ${rel} of pkgs.${recipe.attr}: ${d.name} ${d.version} has no such program`);
      const filled = text.replace(/\$\{out\}/g, path).replace(/\$\{target\}/g, replaced === undefined ? "${target}" : `${replaced[0]}/${replaced[1]}`);
      mkdirSync(dirname(join(staged.dir, rel)), { recursive: true });
      rmSync(join(staged.dir, rel), { force: true });
      writeFileSync(join(staged.dir, rel), expand(filled, recipe, pins, root), { mode: rel.startsWith("bin/") ? 0o555 : 0o444 });
    }
    for (const [rel, target] of Object.entries(recipe.fixup?.links ?? {})) {
      const to = expand(target, recipe, pins, root);
      if (resolveInRoot(root, to) === undefined) throw new UserError(`Cannot make ${rel} of pkgs.${recipe.attr}: ${to} (from ${target}) does not exist in ${d.name} ${d.version}'s closure`);
      mkdirSync(dirname(join(staged.dir, rel)), { recursive: true });
      symlinkSync(to, join(staged.dir, rel));
    }
    for (const [rel, source] of Object.entries(recipe.fixup?.copies ?? {})) {
      const from = expand(source, recipe, pins, root);
      const found = resolveInRoot(root, from);
      if (found === undefined || !found.stat.isFile()) throw new UserError(`Cannot copy ${rel} of pkgs.${recipe.attr}: ${from} (from ${source}) is no file of ${d.name} ${d.version}'s closure`);
      mkdirSync(dirname(join(staged.dir, rel)), { recursive: true });
      rmSync(join(staged.dir, rel), { force: true });
      try {
        linkSync(found.path, join(staged.dir, rel));
      } catch {
        copyFileSync(found.path, join(staged.dir, rel));
      }
    }
    staged.writeInfo({ attr: recipe.attr, package: d.name, version: d.version, references: members });
    staged.commit();
  } catch (e) {
    staged.abort();
    throw e;
  }
  return { path, created: true };
}
