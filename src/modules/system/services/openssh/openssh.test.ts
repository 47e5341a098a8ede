/**
 * services.openssh and users.users.<name>.openssh (openssh.ts,
 * openssh-users.ts): the generated sshd_config, authorized keys files and
 * ssh-system-manager.service (golden, byte-exact), what is masked, the
 * sshd -t check, and NixOS's assertions.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateSystem } from "../../../../build/evaluate-system.ts";
import { lazyFromJS, toJS } from "../../../../nix/js-value.ts";
import { NixAttrs, type Lazy } from "../../../../nix/value.ts";
import { assertGolden } from "../../../../../test/helpers/golden.ts";
import { unitsOf } from "../../../../../test/helpers/units.ts";
import { renderSshdSettings } from "./render-sshd-config.ts";

const GOLDEN = join(import.meta.dirname, "golden");
const KEY_A = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGwuVmBTHPQhP7Fq2AJqTJcNpUNV3Ka0Jz2mjKDtvFrK alice@laptop";
const KEY_B = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBuXqkR4bdeJl9QzT6cS0m2Uz1oXQXh7yH2eGfZr1xWa alice@phone";

function configOf(...modules: unknown[]): Record<string, any> {
  const base = { nixpkgs: { hostPlatform: "x86_64-linux" } };
  const { evaluation } = evaluateSystem([base, ...modules].map((m, i) => NixAttrs.from({ _file: `/cfg/module-${i}.nix`, imports: [lazyFromJS(m)] })));
  const get = (name: string) => toJS(evaluation.config.lazy(name) as Lazy) as any;
  return { etc: get("environment").etc, systemd: get("systemd"), failed: (get("assertions") as { assertion: boolean; message: string }[]).filter((a) => !a.assertion).map((a) => a.message) };
}

test("services.openssh is off by default: no sshd_config, no keys files, no unit, nothing masked", () => {
  const c = configOf({ users: { users: { alice: { isNormalUser: true, openssh: { authorizedKeys: { keys: [KEY_A] } } } } } });
  assert.equal(c.etc["ssh/sshd_config"], undefined);
  assert.equal(c.etc["ssh/authorized_keys.d/alice"], undefined);
  assert.equal(c.systemd.services["ssh-system-manager"], undefined);
  assert.deepEqual(c.systemd.maskedUnits, []);
});

test("enable: NixOS's sshd_config (settings by name, then the module's lines), replacing the host's, checked by the host's sshd -t", () => {
  const c = configOf({ services: { openssh: { enable: true } } });
  const e = c.etc["ssh/sshd_config"];
  assertGolden(join(GOLDEN, "default.sshd_config"), e.text);
  assert.equal(e.replaceExisting, true);
  assert.deepEqual(e.validate.command, ["/usr/bin/dash", "-c", '. "${1%/*}/sshd_config.check"', "sshd-t", "%s"]);
  assert.match(c.etc["ssh/sshd_config.check"].text, /^out=\$\("\$r\/usr\/sbin\/sshd" -t -f "\$1" -o "HostKey=\$k\/key" 2>&1\) && exit 0$/m);
  assert.deepEqual(e.validate.origins, ["services.openssh.settings", "services.openssh.extraConfig"]);
  assert.deepEqual(c.systemd.maskedUnits, ["ssh.service", "ssh.socket"]);
  assert.deepEqual(c.failed, []);
});

test("every setting: ports, listen addresses, banner, SFTP flags, keys command, principals, lists, freeform keys, extraConfig last", () => {
  const dir = mkdtempSync(join(tmpdir(), "openssh-test-"));
  try {
    writeFileSync(join(dir, "phone.pub"), `${KEY_B}\n`);
    const c = configOf({
      services: {
        openssh: {
          enable: true,
          ports: [2222, 2200],
          listenAddresses: [{ addr: "127.0.0.1" }, { addr: "[::1]", port: 2201 }],
          banner: "Authorised users only.\n",
          sftpFlags: ["-f AUTHPRIV", "-l INFO"],
          authorizedKeysInHomedir: false,
          authorizedKeysCommand: "/usr/local/bin/keys-for",
          authorizedKeysCommandUser: "keys",
          hostKeys: [{ type: "ed25519", path: "/etc/ssh/ssh_host_ed25519_key" }],
          settings: { PasswordAuthentication: false, PermitRootLogin: "no", AllowUsers: ["alice", "bob"], AcceptEnv: ["LANG", "LC_*"], MaxSessions: 4, ClientAliveInterval: 30 },
          extraConfig: "Match User bob\n  X11Forwarding no\n",
        },
      },
      users: { users: { alice: { isNormalUser: true, openssh: { authorizedKeys: { keys: [KEY_A], keyFiles: [join(dir, "phone.pub")] }, authorizedPrincipals: ["alice@example", "ops"] } } } },
    });
    const text: string = c.etc["ssh/sshd_config"].text;
    assertGolden(join(GOLDEN, "custom.sshd_config"), text.replace(/\/[a-z0-9]{32}-ssh_banner/, "/@hash@-ssh_banner"));
    assertGolden(join(GOLDEN, "alice.authorized_keys"), c.etc["ssh/authorized_keys.d/alice"].text.replaceAll(dir, "@dir@"));
    assert.equal(c.etc["ssh/authorized_keys.d/alice"].mode, "0444");
    const principals = c.etc["ssh/authorized_principals.d/alice"];
    assert.deepEqual([principals.mode, principals.text], ["0444", "alice@example\nops"]);
    assert.deepEqual(c.failed, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("ssh-system-manager.service (golden): Debian's unit with NixOS's host key generation, wanted by system-manager.target", () => {
  const s = unitsOf({ services: { openssh: { enable: true, hostKeys: [{ type: "rsa", bits: 4096, path: "/etc/ssh/ssh_host_rsa_key" }, { type: "ed25519", path: "/etc/ssh/k's", comment: "it's me" }] } } });
  const files = [...s.files].filter(([p]) => p.includes("ssh-system-manager")).sort(([a], [b]) => (a < b ? -1 : 1));
  const text = files.map(([p, e]) => `== ${p}\n${e.kind === "file" ? e.content.toString("utf8") : e.kind === "symlink" ? `-> ${e.target}\n` : ""}`).join("");
  assertGolden(join(GOLDEN, "ssh-system-manager.txt"), text.replace(/\b[a-z0-9]{32}\b/g, "@hash@"));
  assert.deepEqual(Object.keys(s.units).filter((u) => s.units[u]?.masked).sort(), ["ssh.service", "ssh.socket"]);
});

test("a changed sshd_config changes the unit (X-Restart-Triggers), so switch restarts sshd", () => {
  const unit = (extraConfig: string) => unitsOf({ services: { openssh: { enable: true, extraConfig } } }).units["ssh-system-manager.service"]?.sha256;
  assert.notEqual(unit("MaxStartups 5"), unit("MaxStartups 6"));
});

test("NixOS's assertions: X11 forwarding without xauth, keys differing in case, a listen address without addr", () => {
  const c = configOf({ services: { openssh: { enable: true, listenAddresses: [{ port: 22 }], settings: { X11Forwarding: true, usepam: true, UsePam: false } } } });
  assert.deepEqual(c.failed, [
    "cannot enable X11 forwarding without setting xauth location",
    "Duplicate sshd config key; does your capitalization match the option's? Duplicate keys: (UsePAM, UsePam, usepam)",
    "addr must be specified in each listenAddresses entry",
  ]);
  assert.deepEqual(configOf({ programs: { ssh: { setXAuthLocation: true } }, services: { openssh: { enable: true, settings: { X11Forwarding: true } } } }).failed, []);
});

test("renderSshdSettings: a list under a key sshd takes once is refused, as NixOS's format does", () => {
  assert.throws(() => renderSshdSettings({ HostKeyAlgorithms: ["ssh-ed25519"] }), /services\.openssh\.settings\.HostKeyAlgorithms: list value for unknown key HostKeyAlgorithms/);
  assert.equal(renderSshdSettings({ b: 1n, a: "x", c: null }), "a x\nb 1\n");
});

test("NixOS's old names still work: services.sshd.enable, passwordAuthentication and the twice-renamed challengeResponseAuthentication (with NixOS's warning)", () => {
  const base = { nixpkgs: { hostPlatform: "x86_64-linux" } };
  const old = { services: { sshd: { enable: true }, openssh: { passwordAuthentication: false, challengeResponseAuthentication: false, permitRootLogin: "no" } } };
  const { evaluation } = evaluateSystem([base, old].map((m, i) => NixAttrs.from({ _file: `/cfg/module-${i}.nix`, imports: [lazyFromJS(m)] })));
  const text: string = (toJS(evaluation.config.lazy("environment") as Lazy) as any).etc["ssh/sshd_config"].text;
  assert.match(text, /^KbdInteractiveAuthentication no\n(.|\n)*^PasswordAuthentication no\nPermitRootLogin no\n/m);
  const warnings = toJS(evaluation.config.lazy("warnings") as Lazy) as string[];
  assert.ok(warnings.some((w) => w.includes("The option `services.openssh.passwordAuthentication' defined in `/cfg/module-1.nix' has been renamed to `services.openssh.settings.PasswordAuthentication'.")), warnings.join("\n"));
});
