/**
 * A secrets manifest decrypted before anything is written (decrypt-all.ts):
 * values by key, a template's placeholders replaced, every problem of
 * every secret reported at once naming the secret and its file; and the
 * plan's lines (secrets-plan.ts): names, paths, owners and modes, never a
 * value, only when the install unit runs. The sops file and the keys are
 * made at test time in a temporary directory (test/helpers/sops-encrypt.ts,
 * age-identity.ts); the decrypting tests need Debian's age.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserErrors } from "../diagnostics/user-error.ts";
import { decryptAll } from "./decrypt-all.ts";
import { installProblems, installSecrets } from "./install.ts";
import type { ManifestSecret, SecretsManifest } from "./manifest.ts";
import { RootFs } from "../activate/root-fs.ts";
import { describeSecret, planSecrets } from "../activate/plan/secrets-plan.ts";
import { exampleSecrets, sopsEncrypt } from "../../test/helpers/sops-encrypt.ts";
import { ageIdentity, identityToolsMissing } from "../../test/helpers/age-identity.ts";

const skip = spawnSync("/usr/bin/age", ["--version"]).status !== 0 ? "Debian's age is not installed (apt-get install age)" : (identityToolsMissing() ?? false);

/** The keys (key.txt, the file's recipient; other-key.txt, not one) and exampleSecrets() encrypted as YAML, made before the tests when age is here. */
let keys = "";
let sopsFile: string | undefined;
before(() => {
  if (skip !== false) return;
  keys = mkdtempSync(join(tmpdir(), "sops-keys-"));
  sopsFile = sopsEncrypt(exampleSecrets(), "yaml", ageIdentity(keys, "key.txt").recipient);
  ageIdentity(keys, "other-key.txt");
});
after(() => {
  if (keys !== "") rmSync(keys, { recursive: true, force: true });
});

const secret = (name: string, key: string, more: Partial<ManifestSecret> = {}): ManifestSecret => ({
  name,
  key,
  path: `/run/secrets/${name}`,
  owner: null,
  uid: 0,
  group: null,
  gid: 0,
  sopsFile: "files/s.yaml",
  sopsFileHash: "",
  format: "yaml",
  mode: "0400",
  restartUnits: [],
  reloadUnits: [],
  ...more,
});

function manifest(secrets: ManifestSecret[], keyFile = join(keys, "key.txt")): SecretsManifest {
  return {
    secrets,
    templates: [{ name: "t.conf", path: "/run/secrets/rendered/t.conf", content: "v=<P:a>;w=<P:b>\n", owner: "app", uid: 0, group: "app", gid: 0, mode: "0440", restartUnits: [], reloadUnits: [] }],
    placeholderBySecretName: { a: "<P:a>", b: "<P:b>" },
    secretsMountPoint: "/run/secrets.d",
    symlinkPath: "/run/secrets",
    keepGenerations: 1,
    ageKeyFile: keyFile,
    ageSshKeyPaths: [],
    useTmpfs: false,
    age: "/usr/bin/age",
    ignorePasswd: false,
  };
}

function withGeneration<T>(m: SecretsManifest, f: (dir: string, manifestPath: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "sops-gen-"));
  try {
    const etc = join(dir, "etc/system-manager/sops");
    mkdirSync(join(etc, "files"), { recursive: true });
    if (sopsFile !== undefined) writeFileSync(join(etc, "files/s.yaml"), sopsFile);
    writeFileSync(join(etc, "manifest.json"), JSON.stringify(m));
    return f(dir, join(etc, "manifest.json"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("every secret decrypted (the file opened once), the template rendered with the values", { skip }, () => {
  const m = manifest([secret("a", "test_key"), secret("b", "nested/test/file")]);
  const d = withGeneration(m, (_, p) => decryptAll(m, p));
  assert.equal(d.secrets.get("a")?.toString(), "test_value");
  assert.equal(d.secrets.get("b")?.toString(), "another value");
  assert.equal(d.templates.get("t.conf")?.toString(), "v=test_value;w=another value\n");
});

test("all problems at once, each naming the secret and the file: a missing key path, a missing file, a wrong key", { skip }, () => {
  const m = manifest([secret("a", "nope"), secret("b", "test_key", { sopsFile: "/nonexistent/x.yaml" })]);
  withGeneration(m, (_, p) => {
    assert.throws(() => decryptAll(m, p), (e: unknown) => {
      assert.ok(e instanceof UserErrors);
      const msgs = e.errors.map((x) => x.message);
      assert.match(msgs[0] as string, /^Cannot read sops\.secrets\."a" \(sopsFile \S+\/files\/s\.yaml, format yaml\): the key 'nope' cannot be found$/);
      assert.match(msgs[1] as string, /^Cannot decrypt sops\.secrets\."b" \(sopsFile \/nonexistent\/x\.yaml, format yaml\): \/nonexistent\/x\.yaml does not exist$/);
      return true;
    });
    const wrong = manifest([secret("a", "test_key")], join(keys, "other-key.txt"));
    assert.throws(() => decryptAll(wrong, p), /Cannot decrypt sops\.secrets\."a" \(sopsFile \S+s\.yaml, format yaml\): no key of \S+\/other-key\.txt is one of its age recipients/);
  });
});

test("the plan's lines: name, place, owner and mode (root for none), the link from `path`; only when the unit runs; never a value", () => {
  const m = manifest([secret("a", "test_key", { owner: "app", group: "app" }), secret("b", "x", { path: "/etc/app/b", mode: "0440" })]);
  withGeneration(m, (dir) => {
    const fs = new RootFs("/");
    const etc = [{ target: "system-manager/sops/manifest.json", source: "etc/system-manager/sops/manifest.json", mode: "symlink", uid: 0, gid: 0 }] as never;
    const services = (start: string[]) => ({ plan: { daemonReload: true, stop: [], reload: [], restart: [], start, skip: [], host: [] } });
    const lines = planSecrets(fs, dir, etc, services([]), {}).map(describeSecret);
    assert.deepEqual(lines, [
      "secret a → /run/secrets/a (app:app, 0400)",
      "secret b → /run/secrets/b (root:root, 0440), linked from /etc/app/b",
      "template t.conf → /run/secrets/rendered/t.conf (app:app, 0440)",
    ]);
    assert.deepEqual(planSecrets(fs, dir, etc, services([]), { "sops-install-secrets.service": {} }), []);
    assert.equal(planSecrets(fs, dir, etc, services(["sops-install-secrets.service"]), { "sops-install-secrets.service": {} }).length, 3);
  });
});

test("before anything is written: a name leaving /run/secrets, and a path where a file of the host's stands, are refused", () => {
  const dir = mkdtempSync(join(tmpdir(), "sops-paths-"));
  try {
    writeFileSync(join(dir, "host-file"), "the host's own\n");
    const m = manifest([secret("../escape", "k"), secret("ok", "k", { path: join(dir, "host-file") }), secret("new", "k", { path: join(dir, "free") })]);
    assert.deepEqual(installProblems({ ...m, templates: [] }), [
      'sops.secrets."../escape": its name must be a relative path inside /run/secrets (no "..")',
      `sops.secrets."ok": its path ${dir}/host-file exists and is not a link; system-manager does not replace it (move it away, or choose another path)`,
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("before anything is written: a directory standing where the secrets' link goes is refused, never removed", () => {
  const dir = mkdtempSync(join(tmpdir(), "sops-link-"));
  try {
    mkdirSync(join(dir, "secrets"));
    writeFileSync(join(dir, "secrets", "theirs"), "another tool's\n");
    const m = { ...manifest([secret("a", "k")]), symlinkPath: join(dir, "secrets"), secretsMountPoint: join(dir, "secrets.d"), templates: [] };
    assert.deepEqual(installProblems(m), [`${dir}/secrets exists and is not a link; system-manager does not replace it (move it away)`]);
    assert.throws(() => installSecrets(m, { secrets: new Map([["a", Buffer.from("x")]]), templates: new Map() }), /exists and is not a link/);
    assert.equal(readFileSync(join(dir, "secrets", "theirs"), "utf8"), "another tool's\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
