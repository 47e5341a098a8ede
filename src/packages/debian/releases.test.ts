import { test } from "node:test";
import assert from "node:assert/strict";
import { compareDebianVersions } from "./debian-version.ts";
import { chooseRelease, releasesToTry } from "./release-choice.ts";
import { describeRelease, NEWER_RELEASES, releaseOf, sourcesOfRelease } from "./releases.ts";
import { PackageNotFound, type DebResolution } from "./resolve.ts";
import { defaultSources } from "./sources.ts";

const bookworm = (defaultSources({ ID: "debian", VERSION_CODENAME: "bookworm" }) as { sources: never[] }).sources;

test("a newer release's archive is the host's with the codename replaced in every suite", () => {
  assert.equal(releaseOf(bookworm), "bookworm");
  assert.deepEqual(NEWER_RELEASES.bookworm, ["trixie"]);
  assert.deepEqual(
    sourcesOfRelease(bookworm, "trixie").map((s) => [s.uri, s.suites]),
    [["http://deb.debian.org/debian", ["trixie", "trixie-updates"]], ["http://deb.debian.org/debian-security", ["trixie-security"]]],
  );
  assert.deepEqual(sourcesOfRelease(bookworm, "bookworm"), bookworm);
  assert.equal(describeRelease(bookworm, "trixie"), "Debian trixie");
});

test("Debian versions order as dpkg orders them", () => {
  const sorted = ["0.38.0-1+b1", "0.48", "0.48.0-1", "0.60.3-1~bpo12+1", "0.60.3-1", "0.60.3-1+b2", "1:0.1", "1:0.1a", "1:0.1.0"];
  for (let i = 0; i + 1 < sorted.length; i++) assert.ok(compareDebianVersions(sorted[i] as string, sorted[i + 1] as string) < 0, `${sorted[i]} < ${sorted[i + 1]}`);
  assert.equal(compareDebianVersions("2.36-9+deb12u4", "2.36-9+deb12u4"), 0);
  assert.ok(compareDebianVersions("1.0~rc1", "1.0") < 0);
  assert.ok(compareDebianVersions("2.100-1", "2.99-1") > 0);
});

const found = (version: string): DebResolution => ({ deb: `x_${version}_amd64`, version, debs: {} });

test("the first release that has the package, new enough, is chosen; a choice already made stays", () => {
  const archive: Record<string, Record<string, string>> = { bookworm: { fzf: "0.38.0-1+b1", jq: "1.6-2.1" }, trixie: { fzf: "0.60.3-1+b2", jq: "1.7.1-6", starship: "1.22.1-5" } };
  const resolveIn = (pkg: string) => (release: string) => {
    const v = archive[release]?.[pkg];
    if (v === undefined) throw new PackageNotFound(pkg);
    return found(v);
  };
  const label = (r: string) => `Debian ${r}`;
  const both = ["bookworm", "trixie"];
  assert.deepEqual(chooseRelease("jq", { package: "jq" }, both, resolveIn("jq"), label), { release: "bookworm", resolution: found("1.6-2.1"), note: undefined });
  assert.equal(chooseRelease("starship", { package: "starship" }, both, resolveIn("starship"), label).release, "trixie");
  const fzf = { package: "fzf", atLeast: { version: "0.48", why: "fzf --bash" } };
  assert.equal(chooseRelease("fzf", fzf, both, resolveIn("fzf"), label).release, "trixie");
  assert.match(chooseRelease("fzf", fzf, ["bookworm"], resolveIn("fzf"), label).note ?? "", /^fzf: fzf 0\.38\.0-1\+b1 of Debian bookworm, the newest there is, is older than 0\.48 \(fzf --bash\)$/);
  const nushell = { package: "fzf", atLeast: { version: "0.73", why: "nushell" } };
  assert.equal(chooseRelease("fzf", nushell, both, resolveIn("fzf"), label).release, "trixie", "none new enough: the newest");
  assert.throws(() => chooseRelease("nope", { package: "nope" }, both, resolveIn("nope"), label), PackageNotFound);
  const locked = { provider: "debian", release: "trixie", package: "jq", version: "1.7.1-6", deb: "x", closure: [] } as const;
  assert.deepEqual(releasesToTry(both, undefined, locked), ["trixie"]);
  assert.deepEqual(releasesToTry(both, undefined, { ...locked, release: "bookworm" }), both);
  assert.deepEqual(releasesToTry(both, "bookworm", locked), ["bookworm"]);
  assert.deepEqual(releasesToTry(["trixie"], undefined, { ...locked, release: "bookworm" }), ["trixie"], "a release no longer offered is left");
});
