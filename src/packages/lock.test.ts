import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkLock } from "./lock-schema.ts";
import { EMPTY_LOCK, LOCK_VERSION, lockPathFor, pruneLock, readLock, serialiseLock, writeLock, type Lock } from "./lock.ts";

const sha = (c: string) => c.repeat(64);
const lock: Lock = {
  version: 3,
  debian: { arch: "amd64", sources: [{ uri: "http://deb.debian.org/debian", suites: ["bookworm"], components: ["main"], keyring: "/usr/share/keyrings/debian-archive-keyring.gpg" }] },
  packages: {
    ripgrep: { provider: "debian", release: "bookworm", package: "ripgrep", version: "13.0.0-4+b2", deb: "ripgrep_13.0.0-4+b2_amd64", closure: ["libc6_2.36-9_amd64", "ripgrep_13.0.0-4+b2_amd64"] },
    jq: { provider: "debian", release: "bookworm", package: "jq", version: "1.6-2.1", deb: "jq_1.6-2.1_amd64", closure: ["jq_1.6-2.1_amd64", "libc6_2.36-9_amd64"] },
  },
  debs: {
    "ripgrep_13.0.0-4+b2_amd64": { name: "ripgrep", version: "13.0.0-4+b2", arch: "amd64", sha256: sha("a"), size: 10, filename: "pool/r.deb", depends: ["libc6_2.36-9_amd64"] },
    "jq_1.6-2.1_amd64": { name: "jq", version: "1.6-2.1", arch: "amd64", sha256: sha("b"), size: 10, filename: "pool/j.deb", depends: ["libc6_2.36-9_amd64"] },
    "libc6_2.36-9_amd64": { name: "libc6", version: "2.36-9", arch: "amd64", sha256: sha("c"), size: 10, filename: "pool/l.deb", depends: [] },
  },
};

test("a valid lock has no problems and round-trips, sorted", () => {
  assert.deepEqual(checkLock(lock), []);
  const dir = mkdtempSync(join(tmpdir(), "sm-lock-"));
  const path = lockPathFor(join(dir, "system.ts"));
  assert.equal(path, join(dir, "system-manager.lock"));
  writeLock(path, lock);
  assert.deepEqual(readLock(path), JSON.parse(serialiseLock(lock)));
  const text = readFileSync(path, "utf8");
  assert.ok(text.indexOf('"jq"') < text.indexOf('"ripgrep"'), "packages are sorted");
  assert.equal(readLock(join(dir, "absent.lock")), EMPTY_LOCK);
});

test("every problem of a lock edited into nonsense is named by its path", () => {
  const bad = JSON.parse(JSON.stringify(lock));
  bad.packages.ripgrep.closure.push("zlib_1_amd64");
  bad.packages.jq.provider = "brew";
  bad.debs["libc6_2.36-9_amd64"].sha256 = "xyz";
  bad.debs["libc6_2.36-9_amd64"].size = -1;
  bad.extra = true;
  assert.deepEqual(checkLock(bad), [
    'debs.libc6_2.36-9_amd64.sha256: "xyz" is not a valid value',
    "debs.libc6_2.36-9_amd64.size: expected a byte count",
    "packages.ripgrep.closure[2]: zlib_1_amd64 is not in debs",
    'packages.jq.provider: expected "debian", "nix" or "prebuilt", found "brew"',
    "extra: unknown field",
  ]);
  assert.deepEqual(checkLock({ version: 4 }), ["version 4 is newer than this system-manager reads (3)"]);
  assert.deepEqual(checkLock([]), ["expected a JSON object at the top"]);
});

test("readLock() refuses invalid JSON and invalid content with a way out", () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-lock-"));
  const path = join(dir, "system-manager.lock");
  writeFileSync(path, "{ not json");
  assert.throws(() => readLock(path), /Cannot read .*system-manager\.lock: it is not valid JSON .*delete it and run 'system-manager update'/);
  writeFileSync(path, JSON.stringify({ version: 1, packages: { rg: { provider: "debian" } }, debs: {} }));
  assert.throws(() => readLock(path), /it is not a valid system-manager\.lock:\n  - packages\.rg\.package: expected a non-empty string/);
});

test("pruneLock() keeps the attributes asked for and their debs only", () => {
  const pruned = pruneLock(lock, ["jq"]);
  assert.deepEqual(Object.keys(pruned.packages), ["jq"]);
  assert.deepEqual(Object.keys(pruned.debs).sort(), ["jq_1.6-2.1_amd64", "libc6_2.36-9_amd64"]);
  assert.equal(pruneLock(lock, []).debian, undefined);
});

/** `l` as a version-2 lock had it: no release recorded. */
function legacy(l: Lock): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(l));
  for (const p of Object.values(copy.packages) as Record<string, unknown>[]) delete p.release;
  return { ...copy, version: 2 };
}

const patchelf = { package: "patchelf", version: "0.14.3-1", deb: "patchelf_0.14.3-1_amd64", closure: ["libc6_2.36-9_amd64", "patchelf_0.14.3-1_amd64"] };
const withTool: Lock = {
  ...lock,
  debian: { ...(lock.debian as NonNullable<Lock["debian"]>), tools: { patchelf } },
  debs: { ...lock.debs, "patchelf_0.14.3-1_amd64": { name: "patchelf", version: "0.14.3-1", arch: "amd64", sha256: sha("d"), size: 10, filename: "pool/p.deb", depends: ["libc6_2.36-9_amd64"] } },
};

test("the Debian tools are checked, and their debs survive pruning while a Debian package is kept", () => {
  assert.deepEqual(checkLock(withTool), []);
  const pruned = pruneLock(withTool, ["ripgrep"]);
  assert.deepEqual(pruned.debian?.tools, { patchelf });
  assert.deepEqual(Object.keys(pruned.debs).sort(), ["libc6_2.36-9_amd64", "patchelf_0.14.3-1_amd64", "ripgrep_13.0.0-4+b2_amd64"]);
  assert.equal(pruneLock(withTool, []).debian, undefined);
  const bad = JSON.parse(JSON.stringify(withTool));
  bad.debian.tools.patchelf.closure = ["libc6_2.36-9_amd64"];
  bad.debian.tools.strip = {};
  bad.debian.mirror = "x";
  assert.deepEqual(checkLock(bad), [
    "debian.mirror: unknown field",
    "debian.tools.patchelf.deb: patchelf_0.14.3-1_amd64 is not in its closure",
    "debian.tools.strip: unknown tool (expected patchelf)",
  ]);
  assert.deepEqual(checkLock({ ...legacy(withTool), version: 1 }), ["debian.tools: a version-1 lock has no tools; set version to 2"]);
});

test("a version-1 lock is read as the current version without tools, and written as the current one", () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-lock-"));
  const path = join(dir, "system-manager.lock");
  writeFileSync(path, JSON.stringify({ ...legacy(lock), version: 1 }));
  const read = readLock(path);
  assert.equal(read.version, LOCK_VERSION);
  assert.equal(read.debian?.tools, undefined);
  assert.deepEqual(read.packages, lock.packages);
  writeLock(path, { ...read, debian: withTool.debian, debs: withTool.debs });
  assert.deepEqual(readLock(path), JSON.parse(serialiseLock(withTool)));
  assert.match(readFileSync(path, "utf8"), /"tools": \{\n      "patchelf": \{\n        "package": "patchelf",/);
});

const trixie = [{ uri: "http://deb.debian.org/debian", suites: ["trixie", "trixie-updates"], components: ["main"], keyring: "/usr/share/keyrings/debian-archive-keyring.gpg" }];
const withTrixie: Lock = {
  ...withTool,
  debian: { ...(withTool.debian as NonNullable<Lock["debian"]>), releases: { trixie } },
  packages: { ...withTool.packages, starship: { provider: "debian", release: "trixie", package: "starship", version: "1.22.1-1", deb: "starship_1.22.1-1_amd64", closure: ["libc6_2.41-12_amd64", "starship_1.22.1-1_amd64"] } },
  debs: {
    ...withTool.debs,
    "starship_1.22.1-1_amd64": { name: "starship", version: "1.22.1-1", arch: "amd64", sha256: sha("e"), size: 10, filename: "pool/s.deb", depends: ["libc6_2.41-12_amd64"] },
    "libc6_2.41-12_amd64": { name: "libc6", version: "2.41-12", arch: "amd64", sha256: sha("f"), size: 10, filename: "pool/l2.deb", depends: [] },
  },
};

test("a version-2 lock migrates: each Debian package is recorded as taken from the archive's release, and saved as version 3", () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-lock-"));
  const path = join(dir, "system-manager.lock");
  writeFileSync(path, JSON.stringify(legacy(withTool)));
  assert.deepEqual(checkLock(legacy(withTool)), []);
  const read = readLock(path);
  assert.equal(read.version, 3);
  assert.deepEqual(Object.values(read.packages).map((p) => (p.provider === "debian" ? p.release : p.provider)), ["bookworm", "bookworm"]);
  writeLock(path, read);
  assert.deepEqual(JSON.parse(readFileSync(path, "utf8")), JSON.parse(serialiseLock(withTool)));
  const bad = { ...legacy(withTool), debian: { ...withTool.debian, releases: { trixie } } };
  assert.deepEqual(checkLock(bad), ["debian.releases: a version-2 lock has none; set version to 3"]);
  const named = JSON.parse(JSON.stringify(legacy(withTool)));
  named.packages.jq.release = "bookworm";
  assert.deepEqual(checkLock(named), ["packages.jq.release: a version-2 lock names no release; set version to 3"]);
});

test("a package taken from a newer release names it, and the release's archive is kept while a package needs it", () => {
  assert.deepEqual(checkLock(withTrixie), []);
  const text = serialiseLock(withTrixie);
  assert.ok(text.indexOf('"releases"') > text.indexOf('"sources"') && text.indexOf('"releases"') < text.indexOf('"tools"'), text);
  assert.deepEqual(pruneLock(withTrixie, ["starship"]).debian?.releases, { trixie });
  assert.equal(pruneLock(withTrixie, ["jq"]).debian?.releases, undefined, "dropped with the last package taken from it");
  assert.deepEqual(Object.keys(pruneLock(withTrixie, ["starship"]).debs).sort(), ["libc6_2.36-9_amd64", "libc6_2.41-12_amd64", "patchelf_0.14.3-1_amd64", "starship_1.22.1-1_amd64"]);
  const bad = JSON.parse(JSON.stringify(withTrixie));
  bad.packages.starship.release = "forky";
  delete bad.packages.jq.release;
  assert.deepEqual(checkLock(bad), [
    "packages.jq.release: expected a non-empty string, found nothing",
    'packages.starship.release: "forky" is neither the archive\'s release (bookworm) nor in debian.releases',
  ]);
});
