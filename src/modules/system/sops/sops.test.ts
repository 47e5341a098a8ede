/**
 * sops-nix's options (sops.ts): the manifest put in /etc (golden, store
 * hashes blanked: they follow this system-manager's build and Debian's
 * age), the encrypted sops file copied into the generation, the check run
 * before a switch writes anything, sops-install-secrets.service (golden),
 * sops-nix's defaults and assertions, the for-users manifest, and nothing
 * at all without secrets. The sops file (defaultSopsFile) is made at test
 * time for a throw-away key in a temporary directory; the tests that read
 * it skip, saying why, without age.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateSystem } from "../../../build/evaluate-system.ts";
import { lazyFromJS, toJS } from "../../../nix/js-value.ts";
import { NixAttrs, type Lazy } from "../../../nix/value.ts";
import { assertGolden } from "../../../../test/helpers/golden.ts";
import { unitsOf } from "../../../../test/helpers/units.ts";
import { STORE_DIR } from "../../../store/store-path.ts";
import { MANIFEST_TARGET, USERS_MANIFEST_TARGET } from "./sops.ts";
import { exampleSecrets, sopsEncrypt } from "../../../../test/helpers/sops-encrypt.ts";
import { ageIdentity } from "../../../../test/helpers/age-identity.ts";

const GOLDEN = join(import.meta.dirname, "golden");
const needsAge = spawnSync("age-keygen", ["--version"]).status === 0 ? false : "age is not installed (apt-get install age): this test's sops file is encrypted at test time";
const DIR = mkdtempSync(join(tmpdir(), "sops-module-"));
const SOPS_FILE = join(DIR, "secrets.yaml");
before(() => {
  if (needsAge === false) writeFileSync(SOPS_FILE, sopsEncrypt(exampleSecrets(), "yaml", ageIdentity(DIR).recipient));
});
after(() => rmSync(DIR, { recursive: true, force: true }));

/** Store hashes blanked, and the sops file's hash (its content is new each run: a fresh data key and ivs). */
const blank = (s: string) =>
  s
    .replaceAll(STORE_DIR, "/STORE")
    .replace(/\/STORE\/[0-9a-z]{32}-([^/\s"]*)/g, (_, n: string) => `/STORE/HASH-${n.replace(/-dev$/, "")}`)
    .replace(/"sopsFileHash": "[0-9a-f]{64}"/g, '"sopsFileHash": "SOPSFILEHASH"')
    .replace(/files\/[0-9a-f]{32}-/g, "files/SOPSFILEHASH-");

function evaluate(...modules: unknown[]): { etc: Record<string, any>; sops: any; failed: string[] } {
  const base = { nixpkgs: { hostPlatform: "x86_64-linux" } };
  const { evaluation } = evaluateSystem([base, ...modules].map((m, i) => NixAttrs.from({ _file: `/cfg/module-${i}.nix`, imports: [lazyFromJS(m)] })));
  const get = (name: string) => toJS(evaluation.config.lazy(name) as Lazy) as any;
  const failed = (get("assertions") as { assertion: boolean; message: string }[]).filter((a) => !a.assertion).map((a) => a.message);
  return { etc: get("environment").etc, sops: get("sops"), failed };
}

const config = {
  users: { users: { app: { isSystemUser: true, group: "app" } }, groups: { app: {} } },
  sops: {
    defaultSopsFile: SOPS_FILE,
    age: { keyFile: "/var/lib/sops-nix/key.txt" },
    secrets: {
      test_key: { owner: "app", restartUnits: ["app.service"] },
      "nested-file": { key: "nested/test/file", mode: "0440", path: "/etc/app/secret" },
      password: { key: "test_key", neededForUsers: true },
    },
    templates: { "app.conf": { content: "token = <SOPS:92488e1e3eeecdf99f3ed2ce59233efb4b4fb612d5655c0ce9ea52b5a502e655:PLACEHOLDER>\n", owner: "app" } },
  },
};

test("no secret and no template: no manifest, no unit", () => {
  const { etc } = evaluate({});
  assert.equal(etc[MANIFEST_TARGET], undefined);
  assert.deepEqual(Object.keys(unitsOf({}).units).filter((u) => u.startsWith("sops")), []);
});

test("sops-nix's defaults: key and name the attribute name, /run/secrets/<name>, 0400, root, yaml, the owner's primary group; placeholders by name's sha256", { skip: needsAge }, () => {
  const { sops } = evaluate(config);
  const s = sops.secrets.test_key;
  assert.deepEqual([s.name, s.key, s.path, s.mode, s.format, s.owner, s.group, s.uid, s.gid], ["test_key", "test_key", "/run/secrets/test_key", "0400", "yaml", "app", "app", 0, 0]);
  assert.equal(sops.secrets.password.path, "/run/secrets-for-users/password");
  assert.equal(sops.templates["app.conf"].path, "/run/secrets/rendered/app.conf");
  assert.equal(sops.placeholder.test_key, "<SOPS:92488e1e3eeecdf99f3ed2ce59233efb4b4fb612d5655c0ce9ea52b5a502e655:PLACEHOLDER>");
  assert.match(s.sopsFileHash, /^[0-9a-f]{64}$/);
});

test("the manifest (golden) and its check before anything is written; the sops file copied, encrypted, by content hash", { skip: needsAge }, () => {
  const { etc } = evaluate(config);
  const m = etc[MANIFEST_TARGET];
  assertGolden(join(GOLDEN, "manifest.json"), blank(m.text));
  assert.deepEqual([blank(m.validate.command.join(" ")), m.validate.origins], ["/STORE/HASH-system-manager/bin/system-manager install-secrets --check %s", ["sops.secrets"]]);
  const copies = Object.keys(etc).filter((k) => k.startsWith("system-manager/sops/files/"));
  const hash = evaluate(config).sops.secrets.test_key.sopsFileHash;
  assert.equal(hash, createHash("sha256").update(readFileSync(SOPS_FILE)).digest("hex"));
  assert.deepEqual(copies, [`system-manager/sops/files/${hash.slice(0, 32)}-secrets.yaml`]);
  assertGolden(join(GOLDEN, "manifest-for-users.json"), blank(etc[USERS_MANIFEST_TARGET].text));
});

test("sops-install-secrets.service (golden): a oneshot wanted by system-manager.target, restarted when the manifest changes; the for-users one runs first", { skip: needsAge }, () => {
  const units = unitsOf(config).units;
  assertGolden(join(GOLDEN, "sops-install-secrets.service"), blank(units["sops-install-secrets.service"]?.text ?? "").replace(/^X-Restart-Triggers=\w+$/m, "X-Restart-Triggers=HASH"));
  assert.match(units["sops-install-secrets-for-users.service"]?.text ?? "", /Before=.*sops-install-secrets\.service/);
});

test("assertions: no key source; PGP; owner and uid both set (sops-nix's words)", { skip: needsAge }, () => {
  const { failed } = evaluate({ sops: { defaultSopsFile: SOPS_FILE, gnupg: { home: "/root/.gnupg" }, secrets: { x: { owner: "root", uid: 5 } } } });
  assert.deepEqual(failed, [
    "sops.gnupg.home and sops.gnupg.sshKeyPaths are not supported by system-manager: only age keys decrypt sops files here (sops.age.keyFile, sops.age.sshKeyPaths)",
    "In x exactly one of sops.owner and sops.uid must be set",
  ]);
  assert.deepEqual(evaluate({ sops: { defaultSopsFile: SOPS_FILE, secrets: { x: {} } } }).failed, [
    "No key source configured for sops. Either set services.openssh.enable or set sops.age.keyFile or sops.gnupg.home",
  ]);
});

test("a template's `file` is its content (sops-nix: `content` is then ignored)", { skip: needsAge }, () => {
  const dir = mkdtempSync(join(tmpdir(), "sops-template-"));
  try {
    writeFileSync(join(dir, "t.conf"), "from the file\n");
    const { etc } = evaluate({ ...config, sops: { ...config.sops, templates: { t: { file: join(dir, "t.conf"), content: "ignored" } } } });
    assert.equal(JSON.parse(etc[MANIFEST_TARGET].text).templates[0].content, "from the file\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("sops.age.sshKeyPaths defaults to the ed25519 host keys of services.openssh (as sops-nix), and is empty without it", () => {
  assert.deepEqual(evaluate({ services: { openssh: { enable: true } } }).sops.age.sshKeyPaths, ["/etc/ssh/ssh_host_ed25519_key"]);
  assert.deepEqual(evaluate({}).sops.age.sshKeyPaths, []);
});
