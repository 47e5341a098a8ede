/**
 * Debian's Ruby programs run from the store. Debian's ruby has its
 * library directories compiled in (/usr/lib/ruby/3.1.0…), so from the
 * store it finds neither RubyGems nor its standard library, and a
 * `#!/usr/bin/ruby` script (lolcat, asciidoctor) would run the host's
 * ruby, or none. So pkgs.ruby's bin/ruby and each such script's entry in
 * bin/ is a small wrapper running the closure's interpreter with the
 * closure's library directories first on $LOAD_PATH, in the order of
 * Debian's (vendor_ruby before the standard library, whose rubygems.rb
 * ruby-rubygems replaces), given as -I switches, which what the program
 * starts does not inherit (RUBYLIB would be). A file of the output, loaded
 * with -r, puts the gem directories of the closure (rubygems-integration's,
 * where Debian's gems such as lolcat's paint are) before the caller's
 * GEM_PATH, or before the default path when the caller sets none, through
 * RubyGems' own Gem.paths=, again without an environment variable.
 * An output's store path covers this whenever its closure holds a Ruby
 * interpreter (rubyN.N). What the wrappers name is looked up once per
 * output (rubyClosure), not once per program.
 */
import { join } from "node:path";
import { shellQuote } from "../shell-quote.ts";
import { firstLine } from "../first-line.ts";
import { realPathInRoot } from "../rooted-path.ts";
import { isDir, sortedEntries, tripletsOf } from "./member-dirs.ts";

/** Where the output keeps the file giving RubyGems the closure's gem directories: in its own record (META_DIR), which profiles and buildEnv leave out, so two outputs' never collide. */
export const RUBY_GEMS_FILE = ".system-manager/ruby/closure-gems.rb";

/** Whether a closure (its package names) holds a Ruby interpreter, whose scripts get wrapped. */
export function hasRuby(names: readonly string[]): boolean {
  return names.some((n) => /^ruby\d+\.\d+$/.test(n));
}

/**
 * Whether a script's first line runs /usr/bin/ruby, /usr/bin/rubyN.N or
 * `/usr/bin/env ruby` (RubyGems' gem), in a closure that has a Ruby; its
 * switches Ruby reads from that line itself.
 */
export function isRubyScript(file: string): boolean {
  return /^#!\s*(?:\/usr\/bin\/ruby(?:\d+\.\d+)?|\/usr\/bin\/env\s+ruby)(?:\s+-[A-Za-z0-9]+)*\s*$/.test(firstLine(file));
}

/** Whether a program's real path (in its member) is Debian's interpreter, /usr/bin/rubyN.N. */
export function isRubyInterpreter(path: string): boolean {
  return /\/usr\/bin\/ruby\d+\.\d+$/.test(path);
}

/**
 * The closure's library directories (store paths) for the Ruby API
 * version `api` (3.1.0), kind by kind in the order of Debian's
 * $LOAD_PATH, each kind's members in closure order.
 */
export function rubyLoadPath(root: string, members: readonly string[], api: string): string[] {
  const kinds: ((t: readonly string[]) => string[])[] = [
    () => [`usr/lib/ruby/vendor_ruby/${api}`],
    (ts) => ts.map((t) => `usr/lib/${t}/ruby/vendor_ruby/${api}`),
    () => ["usr/lib/ruby/vendor_ruby"],
    () => [`usr/lib/ruby/${api}`],
    (ts) => ts.map((t) => `usr/lib/${t}/ruby/${api}`),
  ];
  const triplets = new Map(members.map((m) => [m, tripletsOf(join(root, m))]));
  return kinds.flatMap((kind) => members.flatMap((m) => kind(triplets.get(m) ?? []).filter((d) => isDir(join(root, m, d))).map((d) => `${m}/${d}`)));
}

/** The closure's gem directories (those holding specifications/) for the Ruby API version `api`, as Debian's default path names them. */
export function rubyGemDirs(root: string, members: readonly string[], api: string): string[] {
  return members.flatMap((m) => {
    const ts = tripletsOf(join(root, m));
    const candidates = [
      `usr/lib/ruby/gems/${api}`,
      ...ts.map((t) => `usr/lib/${t}/ruby/gems/${api}`),
      `usr/share/rubygems-integration/${api}`,
      "usr/share/rubygems-integration/all",
      ...ts.map((t) => `usr/lib/${t}/rubygems-integration/${api}`),
    ];
    return candidates.filter((d) => isDir(join(root, m, d, "specifications"))).map((d) => `${m}/${d}`);
  });
}

/** A closure's Ruby: the interpreter (its real path), its library directories and its gem directories. */
export interface RubyClosure {
  readonly ruby: string;
  readonly loadPath: readonly string[];
  readonly gemDirs: readonly string[];
}

/** The Ruby of the closure `members` (store paths), or undefined when it has no interpreter. */
export function rubyClosure(root: string, members: readonly string[]): RubyClosure | undefined {
  for (const m of members) {
    for (const n of sortedEntries(join(root, m, "usr/bin"))) {
      const version = /^ruby(\d+\.\d+)$/.exec(n)?.[1];
      const ruby = version === undefined ? undefined : realPathInRoot(root, `${m}/usr/bin/${n}`);
      if (ruby !== undefined) return { ruby, loadPath: rubyLoadPath(root, members, `${version}.0`), gemDirs: rubyGemDirs(root, members, `${version}.0`) };
    }
  }
  return undefined;
}

/** The Ruby of RUBY_GEMS_FILE: the closure's gem directories, then the caller's GEM_PATH (its trailing ':' asking RubyGems for the default path after it). */
export function rubyGemsFile(closure: RubyClosure): string {
  return [
    "# system-manager: RubyGems finds the gems of this program's closure first, then the caller's GEM_PATH (or the default path).",
    "if defined?(Gem)",
    `  Gem.paths = { "GEM_PATH" => [${closure.gemDirs.map((d) => JSON.stringify(d)).join(", ")}, ENV["GEM_PATH"] || ""].join(File::PATH_SEPARATOR) }`,
    "end",
    "",
  ].join("\n");
}

/**
 * The wrapper running `script` with the closure's Ruby; without a script,
 * the wrapper is that interpreter itself (pkgs.ruby's bin/ruby), taking
 * the arguments it is given. `out` is the output, holding RUBY_GEMS_FILE.
 */
export function rubyWrapper(closure: RubyClosure, out: string, script: string | undefined, label: string): string {
  const include = closure.loadPath.flatMap((d) => ["-I", d]);
  return [
    "#!/bin/sh",
    `# system-manager: runs ${label}'s ${script === undefined ? "Ruby" : "Ruby program"} with the standard library and the gems of its closure.`,
    `exec ${[closure.ruby, ...include, "-r", `${out}/${RUBY_GEMS_FILE}`, ...(script === undefined ? [] : [script])].map(shellQuote).join(" ")} "$@"`,
    "",
  ].join("\n");
}
