/**
 * sops-nix's options (sops.ts): the manifest put in /etc (golden, store
 * hashes blanked: they follow this system-manager's build and Debian's
 * age), the encrypted sops file copied into the generation, the check run
 * before a switch writes anything, sops-install-secrets.service (golden),
 * sops-nix's defaults and assertions, the for-users manifest, and nothing
 * at all without secrets.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateSystem } from "../../../build/evaluate-system.ts";
import { lazyFromJS, toJS } from "../../../nix/js-value.ts";
import { NixAttrs, type Lazy } from "../../../nix/value.ts";
import { assertGolden } from "../../../../test/helpers/golden.ts";
import { unitsOf } from "../../../../test/helpers/units.ts";
import { STORE_DIR } from "../../../store/store-path.ts";
import { MANIFEST_TARGET, USERS_MANIFEST_TARGET } from "./sops.ts";

const GOLDEN = join(import.meta.dirname, "golden");
const FIXTURES = join(import.meta.dirname, "../../../../test/fixtures/sops");
const blank = (s: string) => s.replaceAll(STORE_DIR, "/STORE").replace(/\/STORE\/[0-9a-z]{32}-([^/\s"]*)/g, (_, n: string) => `/STORE/HASH-${n.replace(/-dev$/, "")}`);

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
    defaultSopsFile: join(FIXTURES, "sops-nix-secrets.yaml"),
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

test("sops-nix's defaults: key and name the attribute name, /run/secrets/<name>, 0400, root, yaml, the owner's primary group; placeholders by name's sha256", () => {
  const { sops } = evaluate(config);
  const s = sops.secrets.test_key;
  assert.deepEqual([s.name, s.key, s.path, s.mode, s.format, s.owner, s.group, s.uid, s.gid], ["test_key", "test_key", "/run/secrets/test_key", "0400", "yaml", "app", "app", 0, 0]);
  assert.equal(sops.secrets.password.path, "/run/secrets-for-users/password");
  assert.equal(sops.templates["app.conf"].path, "/run/secrets/rendered/app.conf");
  assert.equal(sops.placeholder.test_key, "<SOPS:92488e1e3eeecdf99f3ed2ce59233efb4b4fb612d5655c0ce9ea52b5a502e655:PLACEHOLDER>");
  assert.match(s.sopsFileHash, /^[0-9a-f]{64}$/);
});

test("the manifest (golden) and its check before anything is written; the sops file copied, encrypted, by content hash", () => {
  const { etc } = evaluate(config);
  const m = etc[MANIFEST_TARGET];
  assertGolden(join(GOLDEN, "manifest.json"), blank(m.text));
  assert.deepEqual([blank(m.validate.command.join(" ")), m.validate.origins], ["/STORE/HASH-system-manager/bin/system-manager install-secrets --check %s", ["sops.secrets"]]);
  const copies = Object.keys(etc).filter((k) => k.startsWith("system-manager/sops/files/"));
  assert.deepEqual(copies, [`system-manager/sops/files/${evaluate(config).sops.secrets.test_key.sopsFileHash.slice(0, 32)}-sops-nix-secrets.yaml`]);
  assertGolden(join(GOLDEN, "manifest-for-users.json"), blank(etc[USERS_MANIFEST_TARGET].text));
});

test("sops-install-secrets.service (golden): a oneshot wanted by system-manager.target, restarted when the manifest changes; the for-users one runs first", () => {
  const units = unitsOf(config).units;
  assertGolden(join(GOLDEN, "sops-install-secrets.service"), blank(units["sops-install-secrets.service"]?.text ?? "").replace(/^X-Restart-Triggers=\w+$/m, "X-Restart-Triggers=HASH"));
  assert.match(units["sops-install-secrets-for-users.service"]?.text ?? "", /Before=.*sops-install-secrets\.service/);
});

test("assertions: no key source; PGP; owner and uid both set (sops-nix's words)", () => {
  const { failed } = evaluate({ sops: { defaultSopsFile: join(FIXTURES, "sops-nix-secrets.yaml"), gnupg: { home: "/root/.gnupg" }, secrets: { x: { owner: "root", uid: 5 } } } });
  assert.deepEqual(failed, [
    "sops.gnupg.home and sops.gnupg.sshKeyPaths are not supported by system-manager: only age keys decrypt sops files here (sops.age.keyFile, sops.age.sshKeyPaths)",
    "In x exactly one of sops.owner and sops.uid must be set",
  ]);
  assert.deepEqual(evaluate({ sops: { defaultSopsFile: join(FIXTURES, "sops-nix-secrets.yaml"), secrets: { x: {} } } }).failed, [
    "No key source configured for sops. Either set services.openssh.enable or set sops.age.keyFile or sops.gnupg.home",
  ]);
});

test("a template's `file` is its content (sops-nix: `content` is then ignored)", () => {
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
