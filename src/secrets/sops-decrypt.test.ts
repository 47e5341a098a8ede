/**
 * Decrypting sops files (sops-tree.ts, sops-decrypt.ts, age-unwrap.ts,
 * ssh-to-age.ts, secret-value.ts) with Debian's age: files the real sops
 * wrote (test/fixtures/sops: YAML with nested keys and a list, with an age
 * key and with an ssh ed25519 host key), JSON/dotenv/INI/binary from the
 * test encryptor, values' types, and refusals: a tampered value, a changed
 * MAC, a wrong key, a missing key file. Skips with its reason when age is
 * not installed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSopsFile, type SopsFormat } from "./sops-tree.ts";
import { decryptTree } from "./sops-decrypt.ts";
import { ageUnwrap } from "./age-unwrap.ts";
import { secretValue } from "./secret-value.ts";
import { sopsEncrypt } from "../../test/helpers/sops-encrypt.ts";

const F = join(import.meta.dirname, "../../test/fixtures/sops");
const AGE = "/usr/bin/age";
const hasAge = spawnSync(AGE, ["--version"]).status === 0;
const skip = hasAge ? false : "Debian's age is not installed (apt-get install age)";
const KEY = join(F, "sops-nix-age-key.txt");
const RECIPIENT = "age1yt3tfqlfrwdwx0z0ynwplcr6qxcxfaqycuprpmy89nr83ltx74tqdpszlw";

function open(text: string, format: SopsFormat, ids: { keyFile?: string; ssh?: string[] } = { keyFile: KEY }) {
  return decryptTree(parseSopsFile(text, format), ageUnwrap({ age: AGE, keyFile: ids.keyFile ?? null, sshKeyPaths: ids.ssh ?? [] }));
}
const value = (text: string, format: SopsFormat, key: string, ids?: { keyFile?: string; ssh?: string[] }) => secretValue(open(text, format, ids), format, key).toString("utf8");
const fixture = (name: string) => readFileSync(join(F, name), "utf8");

test("YAML the real sops wrote (sops-nix's test file): values by key, nested keys by a/b/c, the whole file without its metadata", { skip }, () => {
  const text = fixture("sops-nix-secrets.yaml");
  assert.equal(value(text, "yaml", "test_key"), "test_value");
  assert.equal(value(text, "yaml", "nested/test/file"), "another value");
  assert.equal(value(text, "yaml", ""), "test_key: test_value\na_list:\n    - e1\n    - e3\nnested:\n    test:\n        file: another value\n");
  assert.throws(() => value(text, "yaml", "nested/missing"), /the key 'nested\/missing' cannot be found/);
  assert.throws(() => value(text, "yaml", "a_list"), /the value of key 'a_list' is not a string/);
  assert.throws(() => value(text, "yaml", "test_key/x"), /key 'test_key' does not refer to a dictionary/);
});

test("system-manager's own test files (sops 3.10 and 3.11): with an age key file, and with an ssh ed25519 host key turned into its age identity", { skip }, () => {
  assert.equal(value(fixture("upstream-secrets.yaml"), "yaml", "test", { keyFile: join(F, "upstream-age-key.txt") }), "itworks");
  assert.equal(value(fixture("upstream-secrets-ssh.yaml"), "yaml", "test", { ssh: [join(F, "upstream-ssh-ed25519-key")] }), "itworks-ssh");
});

test("a tampered file is refused: a value moved to another key, a value removed, the MAC changed", { skip }, () => {
  const text = fixture("sops-nix-secrets.yaml");
  const enc = /^test_key: (.*)$/m.exec(text)?.[1] as string;
  const moved = text.replace(/^(\s+file: ).*$/m, `$1${enc}`);
  assert.throws(() => open(moved, "yaml"), /the value at \["nested"\]\["test"\]\["file"\] cannot be decrypted: it does not open with the file's data key/);
  const removed = text.replace(/^ {4}- ENC.*\n/m, "");
  assert.throws(() => open(removed, "yaml"), /MAC mismatch: the file's values were changed after sops encrypted it/);
  const mac = text.replace(/mac: ENC\[AES256_GCM,data:(.)/, (_, c: string) => `mac: ENC[AES256_GCM,data:${c === "A" ? "B" : "A"}`);
  assert.throws(() => open(mac, "yaml"), /its MAC does not open with the data key: the file was tampered with/);
});

test("a wrong key or a missing key file is refused, naming the identities and the recipients", { skip }, () => {
  assert.throws(() => open(fixture("sops-nix-secrets.yaml"), "yaml", { keyFile: join(F, "upstream-age-key.txt") }), (e: Error) => {
    assert.match(e.message, /^no key of .*upstream-age-key\.txt is one of its age recipients \(age1yt3tfqlf.*, age1a8pk4akr.*\); age said: no identity matched any of the recipients/);
    return true;
  });
  assert.throws(() => open(fixture("sops-nix-secrets.yaml"), "yaml", { keyFile: "/nonexistent/key.txt" }), /the age key file \/nonexistent\/key\.txt \(sops\.age\.keyFile\) does not exist/);
  assert.throws(() => open(fixture("sops-nix-secrets.yaml"), "yaml", { ssh: ["/nonexistent/ssh_host_ed25519_key"] }), /there is no age identity to decrypt it with/);
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
  const text = sopsEncrypt(tree, "json", RECIPIENT);
  assert.match(text, /"name_unencrypted": "visible"/);
  assert.equal(value(text, "json", "db/password"), "hunter2");
  assert.equal(value(text, "json", "1"), "first");
  assert.throws(() => value(text, "json", "port"), /the value of key 'port' is not a string/);
  assert.equal(value(text, "json", ""), '{\n\t"2": "second",\n\t"1": "first",\n\t"port": 8080,\n\t"ratio": 0.25,\n\t"on": true,\n\t"name_unencrypted": "visible",\n\t"db": {\n\t\t"password": "hunter2"\n\t}\n}\n');
  const swapped = text.replace('"2": "ENC', '"3": "ENC');
  assert.throws(() => open(swapped, "json"), /cannot be decrypted/);
});

test("dotenv and INI: the whole file decrypted, as sops -d writes them; binary: the data", { skip }, () => {
  const env = sopsEncrypt(new Map([["API_KEY", "abc"], ["MULTI", "line1\nline2"]]), "dotenv", RECIPIENT);
  assert.equal(value(env, "dotenv", "ignored"), "API_KEY=abc\nMULTI=line1\\nline2\n");
  const ini = sopsEncrypt(new Map([["db", new Map([["user", "app"], ["password", "s3cret"]])]]), "ini", RECIPIENT);
  assert.equal(value(ini, "ini", ""), "[db]\nuser = app\npassword = s3cret\n");
  const bin = sopsEncrypt(new Map([["data", "-----BEGIN KEY-----\nbinary\n"]]), "binary", RECIPIENT);
  assert.equal(value(bin, "binary", ""), "-----BEGIN KEY-----\nbinary\n");
  const tampered = env.replace(/^API_KEY=.*$/m, `API_KEY=${/^MULTI=(.*)$/m.exec(env)?.[1]}`);
  assert.throws(() => open(tampered, "dotenv"), /cannot be decrypted/);
});

test("a file the real sops encrypts now, with a throw-away key, decrypts (when sops is installed)", { skip: hasAge && spawnSync("sops", ["--version"]).status === 0 ? false : "the real sops is not installed (Debian 12 to sid have no sops package); the committed fixtures were made by it" }, () => {
  const dir = mkdtempSync(join(tmpdir(), "sops-real-"));
  try {
    const plain = join(dir, "s.yaml");
    writeFileSync(plain, "a: hello\nn:\n    b: 42\n    c: [x, y]\n");
    const out = execFileSync("sops", ["--encrypt", "--age", RECIPIENT, plain], { env: { ...process.env, SOPS_AGE_KEY_FILE: KEY } }).toString("utf8");
    assert.equal(value(out, "yaml", "a"), "hello");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
