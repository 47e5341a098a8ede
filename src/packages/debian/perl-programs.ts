/**
 * Debian's Perl programs run from the store. A `#!/usr/bin/perl` script
 * would run the host's perl, which lacks the modules of the package's
 * closure (ack's File::Next); so its entry in bin/ is a small wrapper
 * running the closure's perl with every member's Perl directories
 * (usr/share/perl5, usr/share/perl/5.N, usr/lib/<triplet>/perl5/5.N,
 * usr/lib/<triplet>/perl/5.N, usr/lib/<triplet>/perl-base) first on @INC,
 * given as -I switches: unlike PERL5LIB they hold under taint mode (-T)
 * and are not handed to what the program starts. An output's store path
 * covers this whenever its closure holds perl-base.
 */
import { join } from "node:path";
import { shellQuote } from "../shell-quote.ts";
import { firstLine } from "../first-line.ts";
import { realPathInRoot } from "../rooted-path.ts";
import { isDir, sortedEntries as sorted, tripletsOf } from "./member-dirs.ts";

/** Whether a closure (its package names) holds a perl, whose scripts get wrapped. */
export function hasPerl(names: readonly string[]): boolean {
  return names.includes("perl-base");
}

/** The switches of a script whose first line runs /usr/bin/perl, or undefined for anything else. */
export function perlShebang(file: string): { flags: string[] } | undefined {
  const m = /^#!\s*\/usr\/bin\/perl((?:\s+-[A-Za-z0-9]+)*)\s*$/.exec(firstLine(file));
  return m === null ? undefined : { flags: (m[1] as string).trim().split(/\s+/).filter((f) => f !== "") };
}

/** A member's Perl directories (relative), in the order Debian's @INC has them. */
export function perlDirs(dir: string): string[] {
  const triplets = tripletsOf(dir);
  const candidates = [
    ...triplets.flatMap((t) => sorted(join(dir, "usr/lib", t, "perl5")).map((v) => `usr/lib/${t}/perl5/${v}`)),
    "usr/share/perl5",
    ...triplets.map((t) => `usr/lib/${t}/perl-base`),
    ...triplets.flatMap((t) => sorted(join(dir, "usr/lib", t, "perl")).map((v) => `usr/lib/${t}/perl/${v}`)),
    ...sorted(join(dir, "usr/share/perl")).map((v) => `usr/share/perl/${v}`),
  ];
  return candidates.filter((c) => isDir(join(dir, c)));
}

/**
 * The wrapper running `script` with the perl of the closure `members`
 * (store paths), or undefined when the closure has none; without a script,
 * the wrapper is that perl itself (pkgs.perl's bin/perl, as nixpkgs' runs
 * with its own modules), taking the arguments it is given.
 */
export function perlWrapper(root: string, members: readonly string[], script: string | undefined, flags: readonly string[], label: string): string | undefined {
  const perl = members.map((m) => realPathInRoot(root, `${m}/usr/bin/perl`)).find((p) => p !== undefined);
  if (perl === undefined) return undefined;
  const include = members.flatMap((m) => perlDirs(join(root, m)).map((d) => `${m}/${d}`)).flatMap((d) => ["-I", d]);
  return [
    "#!/bin/sh",
    `# system-manager: runs ${label}'s ${script === undefined ? "perl" : "Perl program"} with the perl and the modules of its closure.`,
    `exec ${[perl, ...flags, ...include, ...(script === undefined ? [] : [script])].map(shellQuote).join(" ")} "$@"`,
    "",
  ].join("\n");
}
