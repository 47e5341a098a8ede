/**
 * Files the real sops wrote, read from local copies of the projects whose
 * own tests use them (test/helpers/upstream.ts; nothing of theirs is
 * committed here): Mic92/sops-nix's test assets (YAML by sops 3.7 with
 * nested keys, a list and two age recipients, opened with its age key
 * and with its ssh ed25519 key, as its TestAge and TestAgeWithSSH do)
 * and numtide/system-manager's testFlake/sops (sops 3.10 and 3.11, with an
 * age key and with an ssh ed25519 host key), decrypted to the values
 * those projects' tests expect. Skips, naming what is missing, without a
 * copy or without Debian's age.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseSopsFile } from "./sops-tree.ts";
import { decryptTree } from "./sops-decrypt.ts";
import { ageUnwrap } from "./age-unwrap.ts";
import { secretValue } from "./secret-value.ts";
import { upstream } from "../../test/helpers/upstream.ts";

const AGE = "/usr/bin/age";
const noAge = spawnSync(AGE, ["--version"]).status === 0 ? undefined : "Debian's age is not installed (apt-get install age)";
const sopsNix = upstream("sops-nix");
const systemManager = upstream("system-manager");
const ASSETS = "dir" in sopsNix ? join(sopsNix.dir, "pkgs/sops-install-secrets/test-assets") : "";
const TESTFLAKE = "dir" in systemManager ? join(systemManager.dir, "testFlake/sops") : "";

function value(file: string, key: string, ids: { keyFile?: string; ssh?: string[] }): string {
  const tree = decryptTree(parseSopsFile(readFileSync(file, "utf8"), "yaml"), ageUnwrap({ age: AGE, keyFile: ids.keyFile ?? null, sshKeyPaths: ids.ssh ?? [] }));
  return secretValue(tree, "yaml", key).toString("utf8");
}

test("sops-nix's test-assets secrets.yaml: test_key with its age key (TestAge) and with its ssh key (TestAgeWithSSH); nested keys, the list, the whole file", { skip: noAge ?? ("skip" in sopsNix ? sopsNix.skip : false) }, () => {
  const key = { keyFile: join(ASSETS, "age-keys.txt") };
  const file = join(ASSETS, "secrets.yaml");
  assert.equal(value(file, "test_key", key), "test_value");
  assert.equal(value(file, "test_key", { ssh: [join(ASSETS, "ssh-ed25519-key")] }), "test_value");
  assert.equal(value(file, "nested/test/file", key), "another value");
  assert.equal(value(file, "", key), "test_key: test_value\na_list:\n    - e1\n    - e3\nnested:\n    test:\n        file: another value\n");
});

test("sops-nix's test-assets secrets.yaml with a value removed is refused by its MAC", { skip: noAge ?? ("skip" in sopsNix ? sopsNix.skip : false) }, () => {
  const text = readFileSync(join(ASSETS, "secrets.yaml"), "utf8").replace(/^ {4}- ENC.*\n/m, "");
  const unwrap = ageUnwrap({ age: AGE, keyFile: join(ASSETS, "age-keys.txt"), sshKeyPaths: [] });
  assert.throws(() => decryptTree(parseSopsFile(text, "yaml"), unwrap), /MAC mismatch: the file's values were changed after sops encrypted it/);
});

test("system-manager's testFlake/sops (sops 3.10 and 3.11): with its age key, and with its ssh ed25519 host key (its sops-ssh-key test: itworks-ssh)", { skip: noAge ?? ("skip" in systemManager ? systemManager.skip : false) }, () => {
  assert.equal(value(join(TESTFLAKE, "secrets.yaml"), "test", { keyFile: join(TESTFLAKE, "age-keys.txt") }), "itworks");
  assert.equal(value(join(TESTFLAKE, "secrets-ssh.yaml"), "test", { ssh: [join(TESTFLAKE, "ssh-ed25519-key")] }), "itworks-ssh");
});
