/**
 * Decrypting sops files (sops-tree.ts, sops-decrypt.ts, age-unwrap.ts,
 * ssh-to-age.ts, secret-value.ts) with Debian's age, on files made at
 * test time (test/helpers/sops-encrypt.ts) for throw-away keys made in a
 * temporary directory (test/helpers/age-identity.ts): YAML with nested
 * keys and a list, opened with an age key and with an ssh ed25519 host
 * key; JSON, dotenv, INI and binary; values' types; and refusals: a
 * tampered value, a changed MAC, a wrong key, a missing key file. Files
 * the real sops wrote are read in sops-upstream.test.ts. Skips with its
 * reason when age (or ssh-keygen) is not installed.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSopsFile, type SopsFormat } from "./sops-tree.ts";
import { decryptTree } from "./sops-decrypt.ts";
import { ageUnwrap } from "./age-unwrap.ts";
import { secretValue } from "./secret-value.ts";
import { exampleSecrets, sopsEncrypt } from "../../test/helpers/sops-encrypt.ts";
import { ageIdentity, identityToolsMissing, sshIdentity, type TestIdentity } from "../../test/helpers/age-identity.ts";

const AGE = "/usr/bin/age";
const skip = spawnSync(AGE, ["--version"]).status !== 0 ? "Debian's age is not installed (apt-get install age)" : (identityToolsMissing() ?? false);

let dir = "";
let key: TestIdentity;
let other: TestIdentity;
let ssh: TestIdentity;
/** exampleSecrets() as YAML, for the age key and the ssh key. */
let yaml = "";

before(() => {
  if (skip !== false) return;
  dir = mkdtempSync(join(tmpdir(), "sops-decrypt-"));
  key = ageIdentity(dir, "key.txt");
  other = ageIdentity(dir, "other-key.txt");
  ssh = sshIdentity(dir);
  yaml = sopsEncrypt(exampleSecrets(), "yaml", [key.recipient, ssh.recipient]);
});
after(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

function open(text: string, format: SopsFormat, ids: { keyFile?: string; ssh?: string[] } = { keyFile: key.keyFile }) {
  return decryptTree(parseSopsFile(text, format), ageUnwrap({ age: AGE, keyFile: ids.keyFile ?? null, sshKeyPaths: ids.ssh ?? [] }));
}
const value = (text: string, format: SopsFormat, k: string, ids?: { keyFile?: string; ssh?: string[] }) => secretValue(open(text, format, ids), format, k).toString("utf8");

test("YAML as sops writes it: values by key, nested keys by a/b/c, the whole file without its metadata", { skip }, () => {
  assert.match(yaml, /^a_list:\n {4}- ENC\[AES256_GCM,.*\n {4}- ENC/m);
  assert.match(yaml, /^sops:\n {4}age:\n {8}- recipient: age1\w+\n {10}enc: \|\n {12}-----BEGIN AGE ENCRYPTED FILE-----\n/m);
  assert.equal(value(yaml, "yaml", "test_key"), "test_value");
  assert.equal(value(yaml, "yaml", "nested/test/file"), "another value");
  assert.equal(value(yaml, "yaml", ""), "test_key: test_value\na_list:\n    - e1\n    - e3\nnested:\n    test:\n        file: another value\n");
  assert.throws(() => value(yaml, "yaml", "nested/missing"), /the key 'nested\/missing' cannot be found/);
  assert.throws(() => value(yaml, "yaml", "a_list"), /the value of key 'a_list' is not a string/);
  assert.throws(() => value(yaml, "yaml", "test_key/x"), /key 'test_key' does not refer to a dictionary/);
});

test("an ssh ed25519 host key turned into its age identity opens a file encrypted to the recipient ssh-to-age derives from it", { skip }, () => {
  assert.equal(value(yaml, "yaml", "test_key", { ssh: [ssh.keyFile] }), "test_value");
  const sshOnly = sopsEncrypt(new Map([["test", "itworks-ssh"]]), "yaml", ssh.recipient);
  assert.equal(value(sshOnly, "yaml", "test", { ssh: [ssh.keyFile] }), "itworks-ssh");
  assert.equal(value(sshOnly, "yaml", "test", { keyFile: other.keyFile, ssh: [ssh.keyFile] }), "itworks-ssh");
});

test("a tampered file is refused: a value moved to another key, a value removed, the MAC changed", { skip }, () => {
  const enc = /^test_key: (.*)$/m.exec(yaml)?.[1] as string;
  const moved = yaml.replace(/^(\s+file: ).*$/m, `$1${enc}`);
  assert.throws(() => open(moved, "yaml"), /the value at \["nested"\]\["test"\]\["file"\] cannot be decrypted: it does not open with the file's data key/);
  const removed = yaml.replace(/^ {4}- ENC.*\n/m, "");
  assert.throws(() => open(removed, "yaml"), /MAC mismatch: the file's values were changed after sops encrypted it/);
  const mac = yaml.replace(/mac: ENC\[AES256_GCM,data:(.)/, (_, c: string) => `mac: ENC[AES256_GCM,data:${c === "A" ? "B" : "A"}`);
  assert.throws(() => open(mac, "yaml"), /its MAC does not open with the data key: the file was tampered with/);
});

test("a wrong key or a missing key file is refused, naming the identities and the recipients", { skip }, () => {
  assert.throws(() => open(yaml, "yaml", { keyFile: other.keyFile }), (e: Error) => {
    assert.equal(e.message, `no key of ${other.keyFile} is one of its age recipients (${key.recipient}, ${ssh.recipient}); age said: no identity matched any of the recipients`);
    return true;
  });
  assert.throws(() => open(yaml, "yaml", { keyFile: "/nonexistent/key.txt" }), /the age key file \/nonexistent\/key\.txt \(sops\.age\.keyFile\) does not exist/);
  assert.throws(() => open(yaml, "yaml", { ssh: ["/nonexistent/ssh_host_ed25519_key"] }), /there is no age identity to decrypt it with/);
});

test("JSON (key order kept, numeric-looking keys too), with int, float, bool and unencrypted values; the whole file", { skip }, () => {
  const tree = new Map<string, any>([
    ["2", "second"],
    ["1", "first"],
    ["port", 8080],
    ["ratio", 0.25],
    ["on", true],
    ["name_unencrypted", "visible"],
    ["db", new Map([["password", "hunter2"]])],
  ]);
  const text = sopsEncrypt(tree, "json", key.recipient);
  assert.match(text, /"name_unencrypted": "visible"/);
  assert.equal(value(text, "json", "db/password"), "hunter2");
  assert.equal(value(text, "json", "1"), "first");
  assert.throws(() => value(text, "json", "port"), /the value of key 'port' is not a string/);
  assert.equal(value(text, "json", ""), '{\n\t"2": "second",\n\t"1": "first",\n\t"port": 8080,\n\t"ratio": 0.25,\n\t"on": true,\n\t"name_unencrypted": "visible",\n\t"db": {\n\t\t"password": "hunter2"\n\t}\n}\n');
  const swapped = text.replace('"2": "ENC', '"3": "ENC');
  assert.throws(() => open(swapped, "json"), /cannot be decrypted/);
});

test("YAML with int, float, bool and unencrypted values: each typed back, the whole file as sops -d writes it", { skip }, () => {
  const text = sopsEncrypt(new Map<string, any>([["port", 8080n], ["ratio", 0.25], ["enabled", false], ["user_unencrypted", "app"]]), "yaml", key.recipient);
  assert.match(text, /^user_unencrypted: app$/m);
  assert.equal(value(text, "yaml", "user_unencrypted"), "app");
  assert.equal(value(text, "yaml", ""), "port: 8080\nratio: 0.25\nenabled: false\nuser_unencrypted: app\n");
});

test("dotenv and INI: the whole file decrypted, as sops -d writes them; binary: the data", { skip }, () => {
  const env = sopsEncrypt(new Map([["API_KEY", "abc"], ["MULTI", "line1\nline2"]]), "dotenv", key.recipient);
  assert.equal(value(env, "dotenv", "ignored"), "API_KEY=abc\nMULTI=line1\\nline2\n");
  const ini = sopsEncrypt(new Map([["db", new Map([["user", "app"], ["password", "s3cret"]])]]), "ini", key.recipient);
  assert.equal(value(ini, "ini", ""), "[db]\nuser = app\npassword = s3cret\n");
  const bin = sopsEncrypt(new Map([["data", "-----BEGIN KEY-----\nbinary\n"]]), "binary", key.recipient);
  assert.equal(value(bin, "binary", ""), "-----BEGIN KEY-----\nbinary\n");
  const tampered = env.replace(/^API_KEY=.*$/m, `API_KEY=${/^MULTI=(.*)$/m.exec(env)?.[1]}`);
  assert.throws(() => open(tampered, "dotenv"), /cannot be decrypted/);
});

test("a file the real sops encrypts now, with a throw-away key, decrypts (when sops is installed)", { skip: skip !== false ? skip : spawnSync("sops", ["--version"]).status === 0 ? false : "the real sops is not installed (Debian 12 to sid have no sops package); sops-upstream.test.ts reads files it wrote" }, () => {
  const plain = join(dir, "s.yaml");
  writeFileSync(plain, "a: hello\nn:\n    b: 42\n    c: [x, y]\n");
  const out = execFileSync("sops", ["--encrypt", "--age", key.recipient, plain], { env: { ...process.env, SOPS_AGE_KEY_FILE: key.keyFile } }).toString("utf8");
  assert.equal(value(out, "yaml", "a"), "hello");
});
