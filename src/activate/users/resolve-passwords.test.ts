import { test } from "node:test";
import assert from "node:assert/strict";
import { resolvePasswords } from "./resolve-passwords.ts";
import { parseAccountFile } from "./account-files.ts";
import type { UserEntry } from "../../build/manifest.ts";

const u = (over: Partial<UserEntry>): UserEntry => ({
  name: "alice", uid: 5000, group: "alice", extraGroups: [], description: "", home: "/home/alice", createHome: true, homeMode: "700",
  shell: "/bin/bash", isSystemUser: false, isNormalUser: true, hashedPassword: null, hashedPasswordFile: null, password: null,
  initialPassword: null, initialHashedPassword: null, linger: false, defaulted: [], ...over,
});
const files = (exists: boolean, hash = "$test$old") => ({
  passwd: parseAccountFile("passwd", "p", Buffer.from(exists ? "alice:x:5000:5000::/home/alice:/bin/bash\n" : "")),
  shadow: parseAccountFile("shadow", "s", Buffer.from(exists ? `alice:${hash}:1::::::\n` : "")),
});
const tools = (fileContent?: string) => ({
  readFile: (p: string) => (p === "/run/secrets/alice" && fileContent !== undefined ? Buffer.from(fileContent) : undefined),
  hash: (p: string) => `$test$${p}`,
  verify: (p: string, h: string) => h === `$test$${p}`,
});

test("resolvePasswords(): hashedPasswordFile wins, trimmed; its content is validated", () => {
  const r = resolvePasswords([u({ hashedPasswordFile: "/run/secrets/alice", hashedPassword: "$y$x" })], files(true), tools("  $y$fromfile \n"));
  assert.equal(r.hashes.get("alice"), "$y$fromfile");
  assert.throws(() => resolvePasswords([u({ hashedPasswordFile: "/run/secrets/alice" })], files(true), tools("$y$a\nroot:$y$b")), /must hold one password hash on one line/);
  assert.throws(() => resolvePasswords([u({ hashedPasswordFile: "/run/secrets/alice" })], files(true), tools("a:b")), /without ":"/);
  assert.throws(() => resolvePasswords([u({ hashedPasswordFile: "/run/secrets/alice" })], files(true), tools()), /\/run\/secrets\/alice does not exist/);
});

test("resolvePasswords(): a clear-text password keeps a matching hash and re-hashes a changed one", () => {
  assert.equal(resolvePasswords([u({ password: "old" })], files(true), tools()).hashes.get("alice"), "$test$old");
  assert.equal(resolvePasswords([u({ password: "new" })], files(true), tools()).hashes.get("alice"), "$test$new");
  // A user locked when dropped from the config, declared again with the same password, is unlocked.
  assert.equal(resolvePasswords([u({ password: "old" })], files(true, "!$test$old"), tools()).hashes.get("alice"), "$test$old");
});

test("resolvePasswords(): initial passwords apply only to users being created", () => {
  assert.equal(resolvePasswords([u({ initialPassword: "pw" })], files(false), tools()).initialHashes.get("alice"), "$test$pw");
  assert.equal(resolvePasswords([u({ initialPassword: "pw" })], files(true), tools()).initialHashes.size, 0);
  assert.equal(resolvePasswords([u({ initialHashedPassword: "$y$i" })], files(false), tools()).initialHashes.get("alice"), "$y$i");
});
