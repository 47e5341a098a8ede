import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { writeStorePath } from "../store/write-store-path.ts";
import { textFileTree } from "../store/text-store-path.ts";
import { importClosure } from "./import-closure.ts";
import type { TreeEntry } from "../store/file-tree.ts";
import { fakePath } from "../../test/packages/helpers/fake-store.ts";
import { PACKAGE_HASHES, packageHashesFile } from "./package-hashes.ts";
import { buildProfile } from "./profile.ts";

test("importClosure() copies a generation and the store paths it names; a tampered one is refused", async () => {
  const from = mkdtempSync(join(tmpdir(), "sm-staging-"));
  const to = mkdtempSync(join(tmpdir(), "sm-root-"));
  const file = await writeStorePath(from, "hello.txt", textFileTree("hi\n"));
  const gen = await writeStorePath(from, "gen", new Map([["link", { kind: "symlink" as const, target: file }], ["missing-ref", { kind: "file" as const, content: Buffer.from("/var/lib/system-manager/store/00000000000000000000000000000000-never-built\n"), executable: false }]]));
  const imported = await importClosure(from, to, gen);
  assert.equal(imported.length, 3);
  assert.equal(readFileSync(join(to, file), "utf8"), "hi\n");
  assert.ok(lstatSync(join(to, gen, "link")).isSymbolicLink());

  const other = mkdtempSync(join(tmpdir(), "sm-root-"));
  chmodSync(join(from, file), 0o644);
  writeFileSync(join(from, file), "tampered\n");
  await assert.rejects(importClosure(from, other, gen), /its content does not match its hash/);
});

test("importClosure() refuses a changed generation even when it carries a package's info.json", async () => {
  const from = mkdtempSync(join(tmpdir(), "sm-staging-"));
  const to = mkdtempSync(join(tmpdir(), "sm-root-"));
  const manifest = (text: string) => ({ kind: "file" as const, content: Buffer.from(text), executable: false });
  const gen = await writeStorePath(from, "system-manager", new Map([["manifest.json", manifest('{"packages":{"system":[],"users":{}}}\n')]]));
  chmodSync(join(from, gen), 0o755);
  chmodSync(join(from, gen, "manifest.json"), 0o644);
  writeFileSync(join(from, gen, "manifest.json"), '{"tampered":true}\n');
  mkdirSync(join(from, gen, ".system-manager"));
  writeFileSync(join(from, gen, ".system-manager", "info.json"), '{"references":[]}\n');
  await assert.rejects(importClosure(from, to, gen), /its content does not match its hash/);
  assert.equal(existsSync(join(to, gen)), false);
});

const file = (text: string): TreeEntry => ({ kind: "file", content: Buffer.from(text), executable: false });
const S = "/var/lib/system-manager/store";

/** A staging store as a --sudo build leaves it: libgreet, hello (needing libgreet), alice's profile, and the generation naming them with the packages' recorded hashes. */
async function staged() {
  const from = mkdtempSync(join(tmpdir(), "sm-staging-"));
  const lib = fakePath(from, "libgreet-1.0", { "lib/libgreet.so": "elf", ".system-manager/info.json": JSON.stringify({ references: [] }) });
  const pkg = fakePath(from, "hello-2.10", { "bin/hello": "#!/bin/sh\necho hi\n", ".system-manager/info.json": JSON.stringify({ references: [lib] }) });
  const profile = await buildProfile(from, "alice", [pkg]);
  const packages = { system: [], users: { alice: [{ attr: "hello", outPath: pkg }] } };
  const gen = await writeStorePath(from, "system-manager", new Map([
    ["manifest.json", file(JSON.stringify({ packages, profiles: { system: null, users: { alice: profile } } }))],
    [PACKAGE_HASHES, packageHashesFile(from, packages)],
  ]));
  return { from, lib, pkg, profile, gen };
}

/** Makes a read-only store file or directory writable, as someone tampering with it would. */
function tamper(path: string, rel: string, write: (p: string) => void): void {
  chmodSync(path, 0o755);
  for (let d = dirname(join(path, rel)); d !== path; d = dirname(d)) if (existsSync(d)) chmodSync(d, 0o755);
  if (existsSync(join(path, rel))) chmodSync(join(path, rel), 0o644);
  write(join(path, rel));
}

test("importClosure() copies the packages the verified generation recorded, and their dependencies", async () => {
  const { from, lib, pkg, profile, gen } = await staged();
  const to = mkdtempSync(join(tmpdir(), "sm-root-"));
  const imported = await importClosure(from, to, gen);
  assert.deepEqual(imported, [lib, pkg, profile, gen].map((p) => p.slice(S.length + 1)));
  assert.equal(readFileSync(join(to, pkg, "bin/hello"), "utf8"), "#!/bin/sh\necho hi\n");
  assert.ok(existsSync(join(to, lib, ".system-manager", "info.json")));

  // A path with info.json that the generation did not record is re-hashed like any other.
  const stray = fakePath(from, "stray-1.0", { ".system-manager/info.json": JSON.stringify({ references: [] }) });
  const gen2 = await writeStorePath(from, "system-manager", new Map<string, TreeEntry>([["manifest.json", file(JSON.stringify({ packages: { system: [], users: {} } }))], ["extra", { kind: "symlink", target: stray }]]));
  await assert.rejects(importClosure(from, mkdtempSync(join(tmpdir(), "sm-root-")), gen2), /stray-1\.0 .*does not match its hash/);
});

test("importClosure() refuses a staged package whose file was changed after the build, before writing anything", async () => {
  const { from, lib, gen } = await staged();
  tamper(join(from, lib), "lib/libgreet.so", (p) => writeFileSync(p, "evil"));
  const to = mkdtempSync(join(tmpdir(), "sm-root-"));
  await assert.rejects(importClosure(from, to, gen), new RegExp(`Cannot import ${lib} from .*: its content does not match the hash its generation recorded for this package`));
  assert.equal(existsSync(join(to, S)), false, "nothing is written, not even the paths checked before it");
});

test("importClosure() refuses a profile smuggled in as a package (bin/sudo -> /tmp/evil)", async () => {
  const { from, pkg, profile, gen } = await staged();
  tamper(join(from, profile), "bin/sudo", (p) => symlinkSync("/tmp/evil", p));
  await assert.rejects(importClosure(from, mkdtempSync(join(tmpdir(), "sm-root-")), gen), new RegExp(`${profile.slice(S.length + 1)} .*does not match its hash`));
  // Naming the profile in a package's info.json, and giving it one, does not make it a package.
  tamper(join(from, pkg), ".system-manager/info.json", (p) => writeFileSync(p, JSON.stringify({ references: [profile] })));
  tamper(join(from, profile), ".system-manager/info.json", (p) => (mkdirSync(dirname(p)), writeFileSync(p, JSON.stringify({ references: [] }))));
  const to = mkdtempSync(join(tmpdir(), "sm-root-"));
  await assert.rejects(importClosure(from, to, gen), /does not match/);
  assert.equal(existsSync(join(to, profile)), false);
});

test("importClosure() takes a package a generation's file names without installing it (gnupg in a git config), when the build recorded it", async () => {
  const from = mkdtempSync(join(tmpdir(), "sm-staging-"));
  const gpg = fakePath(from, "gnupg-2.2", { "bin/gpg": "elf", ".system-manager/info.json": JSON.stringify({ references: [] }) });
  const packages = { system: [], users: {} };
  const generation = (hashes: TreeEntry) =>
    writeStorePath(from, "system-manager", new Map([["home/config", file(`[gpg]\n\tprogram = ${gpg}/bin/gpg\n`)], [PACKAGE_HASHES, hashes]]));
  const unrecorded = await generation(packageHashesFile(from, packages));
  await assert.rejects(importClosure(from, mkdtempSync(join(tmpdir(), "sm-root-")), unrecorded), /gnupg-2\.2 .*does not match its hash/);
  const to = mkdtempSync(join(tmpdir(), "sm-root-"));
  const recorded = await generation(packageHashesFile(from, packages, [gpg]));
  await importClosure(from, to, recorded);
  assert.equal(readFileSync(join(to, gpg, "bin/gpg"), "utf8"), "elf");
});
