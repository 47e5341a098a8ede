/**
 * Resolves one Debian package to its full closure with apt's real solver:
 * `apt-get --print-uris install` against the private root's empty dpkg
 * status names every .deb apt would download to install it on an empty
 * system (the packages and versions `apt-get -s install` lists, at half
 * its cost: no simulated dpkg run); one `apt-cache show` then gives their
 * sha256, size and dependency fields, from which the closure's edges are
 * computed (the first alternative of each clause that is in the chosen
 * set, by name or Provides).
 */
import { UserError } from "../../diagnostics/user-error.ts";
import { PackageUnavailable } from "../package-unavailable.ts";
import { debKey, type LockedDeb } from "../lock.ts";
import { tail, type RunResult } from "../run.ts";
import type { AptRoot } from "./apt-root.ts";
import { field, parseProvides, parseRelations, parseStanzas } from "./control.ts";

export interface DebResolution {
  /** Key of the package's own .deb. */
  readonly deb: string;
  readonly version: string;
  readonly debs: Readonly<Record<string, LockedDeb>>;
}

/** Thrown when the archive has no package of that name (the caller suggests close names). */
export class PackageNotFound extends Error {
  readonly package: string;
  constructor(pkg: string) {
    super(`no package '${pkg}'`);
    this.package = pkg;
  }
}

// 'URI' NAME_VERSION_ARCH.deb SIZE SHA256:…, the version's ':' (and any byte apt quotes) as %XX.
const URI = /^'[^']*' ([^_\s]+)_([^_\s]+)_[^_\s]+\.u?deb \d+ /;

/** The apt-get arguments that solve for `pkg`. */
export function solveArgs(pkg: string): string[] {
  // The private root's archive cache stays empty (downloads go elsewhere): apt lists every .deb of the solution.
  return ["-y", "--print-uris", "install", pkg];
}

/** The names and versions `apt-get install <pkg>` would install on an empty system (from `r`, that run, when given). */
function solve(apt: AptRoot, pkg: string, r: RunResult = apt.apt("apt-get", solveArgs(pkg))): { name: string; version: string }[] {
  const out = r.stdout + "\n" + r.stderr;
  if (/Unable to locate package|has no installation candidate|is not available, but is referred to/.test(out)) {
    if (/is a virtual package/.test(out)) {
      throw new PackageUnavailable(`Cannot resolve the Debian package '${pkg}': it is a virtual package; name one of the packages that provide it\n${tail(r, 8)}`);
    }
    const replacing = /the following packages replace it:\n((?:[ \t]+\S.*\n?)+)/.exec(out)?.[1]?.trim().split(/\s+/);
    if (replacing !== undefined && replacing.length > 0) {
      throw new PackageUnavailable(`Cannot resolve the Debian package '${pkg}' in ${apt.describe()}: it is no longer there; ${replacing.join(", ")} replace${replacing.length === 1 ? "s" : ""} it`);
    }
    // Only named by another package (a dependency's alternative, a Recommends): no version of it is here, as for an
    // unknown name, so that a newer release is tried (translate-shell is in Debian 13, not 12).
    throw new PackageNotFound(pkg);
  }
  if (r.status !== 0) {
    const detail = out.split("\n").filter((l) => /Depends:|Conflicts:|Breaks:|^E:|^ /.test(l)).slice(0, 12).join("\n") || tail(r);
    throw new PackageUnavailable(`Cannot resolve the Debian package '${pkg}' in ${apt.describe()}: its dependencies cannot be satisfied\n${detail}`);
  }
  return r.stdout
    .split("\n")
    .map((l) => URI.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: decodeURIComponent(m[1] as string), version: decodeURIComponent(m[2] as string) }));
}

type Records = Map<string, { deb: Omit<LockedDeb, "depends">; relations: string; provides: string[] }>;

/** The archive's records of the chosen packages (one `apt-cache show`). */
function recordsOf(apt: AptRoot, pkg: string, chosen: readonly { name: string; version: string }[]): Records {
  const r = apt.apt("apt-cache", ["show", ...chosen.map((c) => `${c.name}=${c.version}`)]);
  if (r.status !== 0) throw new UserError(`Cannot read the package records of '${pkg}' from apt:\n${tail(r)}`);
  const records: Records = new Map();
  for (const s of parseStanzas(r.stdout)) {
    const name = field(s, "Package") as string;
    if (records.has(name) || !chosen.some((c) => c.name === name && c.version === field(s, "Version"))) continue;
    const deb = {
      name,
      version: field(s, "Version") as string,
      arch: field(s, "Architecture") as string,
      sha256: field(s, "SHA256") ?? "",
      size: Number(field(s, "Size")),
      filename: field(s, "Filename") ?? "",
    };
    if (!/^[0-9a-f]{64}$/.test(deb.sha256)) throw new UserError(`Cannot lock ${name} ${deb.version}: the archive gives no SHA256 for it`);
    records.set(name, { deb, relations: [field(s, "Pre-Depends"), field(s, "Depends")].filter((x) => x !== undefined).join(", "), provides: parseProvides(field(s, "Provides")) });
  }
  const missing = chosen.filter((c) => !records.has(c.name));
  if (missing.length > 0) throw new UserError(`Cannot lock '${pkg}': apt-cache has no record of ${missing.map((m) => `${m.name} ${m.version}`).join(", ")}`);
  return records;
}

/**
 * The C library every Debian system has (Priority: required), which a
 * package of an architecture may leave out of its Depends (Go programs
 * packaged without shlibs: micro): it joins such a package's closure, as
 * a dependency of the package, so that its programs find their loader.
 */
const LIBC = "libc6";

/** `solved`: the apt-get run of solveArgs(pkg), when it was made already (run alongside another). */
export function resolveDebian(apt: AptRoot, pkg: string, solved?: RunResult): DebResolution {
  let chosen = solve(apt, pkg, solved);
  const top = chosen.find((c) => c.name === pkg);
  if (top === undefined) {
    // A virtual package apt installs through its one provider (dmenu, which suckless-tools provides) is that package.
    const providers = [...recordsOf(apt, pkg, chosen)].filter(([, r]) => r.provides.includes(pkg)).map(([name]) => name);
    if (providers.length === 1) return resolveDebian(apt, providers[0] as string);
    throw new PackageUnavailable(`Cannot resolve the Debian package '${pkg}': apt did not choose it (is it a virtual package?)`);
  }
  let records = recordsOf(apt, pkg, chosen);
  const withLibc = (records.get(pkg) as { deb: { arch: string } }).deb.arch !== "all" && !records.has(LIBC) && pkg !== LIBC;
  if (withLibc) {
    chosen = solve(apt, pkg, apt.apt("apt-get", [...solveArgs(pkg), LIBC]));
    records = recordsOf(apt, pkg, chosen);
  }
  const providers = new Map<string, string>();
  for (const [name, rec] of records) {
    for (const p of [name, ...rec.provides]) if (!providers.has(p) || p === name) providers.set(p, debKey(rec.deb));
  }
  const debs: Record<string, LockedDeb> = {};
  for (const rec of records.values()) {
    const depends = new Set<string>();
    for (const clause of parseRelations(rec.relations)) {
      const hit = clause.map((alt) => providers.get(alt.name)).find((k) => k !== undefined);
      if (hit !== undefined && hit !== debKey(rec.deb)) depends.add(hit);
    }
    const libc = records.get(LIBC);
    if (withLibc && rec.deb.name === pkg && libc !== undefined) depends.add(debKey(libc.deb));
    debs[debKey(rec.deb)] = { ...rec.deb, depends: [...depends].sort() };
  }
  const own = records.get(pkg) as { deb: Omit<LockedDeb, "depends"> };
  return { deb: debKey(own.deb), version: top.version, debs };
}
