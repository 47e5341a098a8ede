/**
 * The package lookup of the build in progress, for package sets made
 * before the build knew it: a flake's nixpkgs input is loaded with the
 * flake, and the build's package session (the lock) comes later. Packages
 * taken straight from the input (`nixpkgs.legacyPackages.<system>.jq`,
 * `import nixpkgs { … }`) look their attribute up when first read: inside
 * a build, in its session, so that they are resolved, locked and realised
 * as `pkgs.jq` is; outside one (`eval`), they are only requests. The
 * build's scope follows its asynchronous calls (AsyncLocalStorage), as
 * the store session does.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { mainProgramFor } from "./names.ts";
import { packageValue, type PackageLookup } from "./package-set.ts";

const inBuild = new AsyncLocalStorage<PackageLookup>();

/**
 * Packages as requests, without a session to answer from: the store path
 * names the attribute and system, and the version is unknown ("", which
 * version checks read as older than any; home-manager's i18n module reads
 * glibcLocales.version).
 */
export const requestsOnly: PackageLookup = {
  lookup: (attr, system) => {
    const out = packageValue(attr, () => system);
    return { attr, provider: "debian", name: attr, version: "", outPath: String(out.get("outPath")), mainProgram: mainProgramFor(attr) };
  },
};

/** The build's session when asked inside a build, else requests. */
export const buildPackages: PackageLookup = {
  lookup: (attr, system, site) => (inBuild.getStore() ?? requestsOnly).lookup(attr, system, site),
};

/** Runs `run` (a build) with `packages` answering buildPackages' lookups; without packages, they stay requests. */
export function withBuildPackages<T>(packages: PackageLookup | undefined, run: () => T): T {
  return packages === undefined ? run() : inBuild.run(packages, run);
}
