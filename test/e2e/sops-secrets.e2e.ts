/**
 * sops-nix's sops.secrets on a booted Debian 12, from a flake importing
 * inputs.sops-nix.nixosModules.sops: with a wrong age key, switch and
 * --dry-run refuse (exit 1, naming the secret and the file) and nothing
 * changes; with the right key, /run/secrets (a link into a ramfs) holds
 * the secret owned by the service user, mode 0400, the nested key's
 * `path` link and a rendered template, and a service running as that user
 * reads it; --dry-run lists each secret's name, path, owner and mode,
 * never a value; a switch changing the
 * secret's content restarts its restartUnits; after a reboot the secrets
 * are decrypted again; a tampered file is refused with nothing changed; a
 * neededForUsers secret gives a new user her hashedPasswordFile. The sops
 * files and the age keys (the right one and a wrong one) are made on the
 * host, in a temporary directory, before the guest boots
 * (test/helpers/sops-encrypt.ts, age-identity.ts), and copied into it.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Container } from "./container.ts";
import { CLI, e2eSkipReason, guestForFile } from "./project.ts";
import { exampleSecrets, sopsEncrypt } from "../helpers/sops-encrypt.ts";
import { ageIdentity, identityToolsMissing } from "../helpers/age-identity.ts";

const skip = e2eSkipReason() ?? identityToolsMissing();

/** Made on the host before the guest boots: the right key, a wrong one, and exampleSecrets() encrypted for the right one. */
const made = skip === undefined ? makeSecrets() : undefined;
function makeSecrets() {
  const dir = mkdtempSync(join(tmpdir(), "sops-e2e-"));
  const key = ageIdentity(dir, "key.txt");
  const wrong = ageIdentity(dir, "wrong-key.txt");
  return { dir, recipient: key.recipient, key: readFileSync(key.keyFile, "utf8"), wrongKey: readFileSync(wrong.keyFile, "utf8"), secrets: sopsEncrypt(exampleSecrets(), "yaml", key.recipient) };
}
after(() => {
  if (made !== undefined) rmSync(made.dir, { recursive: true, force: true });
});
const files = () => made as NonNullable<typeof made>;

let guest: Container;
guestForFile(skip, (g) => (guest = g));
const sh = (script: string, timeoutMs?: number) => guest.sh(script, timeoutMs);

const flake = (key: string, extra = "") => `{
  inputs.system-manager.url = "github:numtide/system-manager";
  inputs.sops-nix.url = "github:Mic92/sops-nix";
  outputs = { self, system-manager, sops-nix }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [ sops-nix.nixosModules.sops ({ config, ... }: {
        nixpkgs.hostPlatform = "x86_64-linux";
        users.groups.app = { };
        users.users.app = { isSystemUser = true; group = "app"; };
        sops.defaultSopsFile = ./secrets.yaml;
        sops.age.keyFile = "/var/lib/sops-nix/key.txt";
        sops.secrets.token = { key = "${key}"; owner = "app"; restartUnits = [ "reader.service" ]; };
        sops.secrets.nested = { key = "nested/test/file"; path = "/etc/app/nested"; };
        sops.templates."app.conf" = { owner = "app"; content = "token = \${config.sops.placeholder.token}\\n"; };
        systemd.services.reader = {
          wantedBy = [ "system-manager.target" ];
          after = [ "sops-install-secrets.service" ];
          serviceConfig = { User = "app"; RuntimeDirectory = "reader"; };
          script = "cat /run/secrets/token > /run/reader/seen; exec sleep infinity";
        };${extra}
      }) ];
    };
  };
}
`;

const write = (dir: string, key: string, secrets = files().secrets, extra = "") =>
  sh(`mkdir -p /root/${dir} && cat > /root/${dir}/flake.nix <<'EOF'\n${flake(key, extra)}EOF\ncat > /root/${dir}/secrets.yaml <<'EOF'\n${secrets}EOF`);

const STATE = "ls -la /run/secrets 2>/dev/null | head -1 || true; test -e /run/secrets && echo secrets || echo no-secrets; test -e /etc/system-manager && echo etc || echo no-etc; id app >/dev/null 2>&1 && echo app || echo no-app";

test("with a wrong age key, switch and --dry-run refuse naming the secret and the file; nothing changes", { skip }, async () => {
  await sh(`mkdir -p /var/lib/sops-nix && cat > /var/lib/sops-nix/key.txt <<'EOF'\n${files().wrongKey}EOF\nchmod 600 /var/lib/sops-nix/key.txt`);
  await write("app", "test_key");
  const before = await sh(STATE);
  for (const flag of ["--dry-run", ""]) {
    const r = await guest.run(`${CLI} switch ${flag} --flake /root/app`, { timeoutMs: 600_000 });
    assert.equal(r.code, 1, `${flag}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /Cannot decrypt sops\.secrets\."nested" \(sopsFile \S+-secrets\.yaml, format yaml\): no key of \/var\/lib\/sops-nix\/key\.txt is one of its age recipients/, r.stderr);
    assert.match(r.stderr, /Cannot decrypt sops\.secrets\."token"/, r.stderr);
    assert.match(r.stderr, /Nothing was changed\./, r.stderr);
  }
  assert.equal(await sh(STATE), before);
});

const SECRETS = [
  "stat -c '%a %U:%G' /run/secrets/token /run/secrets/nested /run/secrets/rendered/app.conf",
  "cat /run/secrets/token; echo",
  "cat /run/secrets/rendered/app.conf",
  "readlink /etc/app/nested; cat /etc/app/nested; echo",
  "readlink /run/secrets | sed 's/[0-9]*$/N/'",
  "findmnt -n -o FSTYPE /run/secrets.d",
  "runuser -u app -- cat /run/secrets/token >/dev/null && echo app-reads",
  "runuser -u nobody -- cat /run/secrets/token >/dev/null 2>&1 && echo nobody-reads || echo nobody-refused",
].join("; ");

test("switch: the secret owned by app, 0400, in a ramfs behind /run/secrets; a path link; a rendered template; the service reads it", { skip }, async () => {
  await sh(`cat > /var/lib/sops-nix/key.txt <<'EOF'\n${files().key}EOF`);
  const dry = await guest.run(`${CLI} switch --dry-run --flake /root/app`, { timeoutMs: 600_000 });
  assert.equal(dry.code, 0, dry.stderr);
  assert.doesNotMatch(dry.stdout + dry.stderr, /test_value|another value/);
  assert.match(
    dry.stderr,
    /\nSecrets \(sops\), decrypted by their unit:\n  secret nested → \/run\/secrets\/nested \(root:root, 0400\), linked from \/etc\/app\/nested\n  secret token → \/run\/secrets\/token \(app:app, 0400\)\n  template app\.conf → \/run\/secrets\/rendered\/app\.conf \(app:app, 0400\)\n/,
    dry.stderr,
  );
  await sh(`${CLI} switch --flake /root/app`, 600_000);
  assert.equal(
    await sh(SECRETS),
    "400 app:app\n400 root:root\n400 app:app\ntest_value\ntoken = test_value\n/run/secrets/nested\nanother value\n/run/secrets.d/N\nramfs\napp-reads\nnobody-refused\n",
  );
  assert.equal(await sh("sleep 1; cat /run/reader/seen"), "test_value");
  assert.equal(await sh("grep -rl test_value /var/lib/system-manager /etc/system-manager 2>/dev/null | head -1; journalctl -b --no-pager -o cat | grep -c test_value || true"), "0\n");
});

test("a switch changing the secret's content restarts its restartUnits, which read the new value", { skip }, async () => {
  const pid = await sh("systemctl show -p MainPID --value reader.service");
  await write("app", "nested/test/file");
  await sh(`${CLI} switch --flake /root/app`, 600_000);
  assert.equal(await sh("sleep 2; cat /run/secrets/token; echo; cat /run/reader/seen; echo; ls /run/secrets.d"), "another value\nanother value\n2\n");
  assert.notEqual(await sh("systemctl show -p MainPID --value reader.service"), pid);
});

test("after a reboot the secrets are decrypted again at boot", { skip }, async () => {
  await guest.reboot();
  assert.equal(await sh("systemctl is-active sops-install-secrets.service; cat /run/secrets/token; echo; stat -c '%a %U:%G' /run/secrets/token; cat /run/secrets/rendered/app.conf"), "active\nanother value\n400 app:app\ntoken = another value\n");
  assert.equal(await sh("sleep 1; cat /run/reader/seen"), "another value");
});

test("a tampered sops file (a value removed) is refused: MAC mismatch, nothing changed", { skip }, async () => {
  const tampered = files().secrets.replace(/^ {4}- ENC.*\n/m, "");
  await write("app", "nested/test/file", tampered);
  const before = await sh("readlink /run/secrets; cat /run/secrets/token");
  const r = await guest.run(`${CLI} switch --flake /root/app`, { timeoutMs: 600_000 });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /MAC mismatch: the file's values were changed after sops encrypted it \(tampered with\); it is refused/);
  assert.equal(await sh("readlink /run/secrets; cat /run/secrets/token"), before);
});

const HASH = "$6$sopssalt$MUShGLoII8iW5hzbI4s2pv6qVTFBHa3FJvS8o24dYZomdApEye/lVCRklDTUOLQGaFFsjYwIXdn1GihiVk3/11";
const CAROL = `
        sops.secrets.carol-password = { sopsFile = ./users.json; format = "json"; key = "carol"; neededForUsers = true; };
        users.users.carol = { isNormalUser = true; hashedPasswordFile = config.sops.secrets.carol-password.path; };`;

test("neededForUsers: a user's hashedPasswordFile in /run/secrets-for-users (a JSON sops file) sets her password on the switch that adds both", { skip }, async () => {
  const users = sopsEncrypt(new Map([["carol", HASH]]), "json", files().recipient);
  await write("app", "nested/test/file", files().secrets, CAROL);
  await sh(`cat > /root/app/users.json <<'EOF'\n${users}EOF`);
  const dry = await guest.run(`${CLI} switch --dry-run --flake /root/app`, { timeoutMs: 600_000 });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stderr, /secret carol-password → \/run\/secrets-for-users\/carol-password \(root:root, 0400\)/);
  assert.doesNotMatch(dry.stdout + dry.stderr, /sopssalt/);
  await sh(`${CLI} switch --flake /root/app`, 600_000);
  assert.equal(await sh("getent shadow carol | cut -d: -f2; cat /run/secrets-for-users/carol-password; echo; stat -c '%a %U' /run/secrets-for-users/carol-password"), `${HASH}\n${HASH}\n400 root\n`);
});
