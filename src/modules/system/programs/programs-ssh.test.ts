import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateSystem } from "../../../build/evaluate-system.ts";
import { checkAssertions } from "../../../build/check-assertions.ts";
import { lazyFromJS, toJS } from "../../../nix/js-value.ts";
import { NixAttrs, type Lazy } from "../../../nix/value.ts";
import { assertGolden } from "../../../../test/helpers/golden.ts";

const GOLDEN = join(import.meta.dirname, "golden");
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGwuVmBTHPQhP7Fq2AJqTJcNpUNV3Ka0Jz2mjKDtvFrK";

function evaluate(ssh: unknown) {
  const modules = [{ nixpkgs: { hostPlatform: "x86_64-linux" } }, { programs: { ssh } }];
  const { evaluation } = evaluateSystem(modules.map((m, i) => NixAttrs.from({ _file: `/cfg/module-${i}.nix`, imports: [lazyFromJS(m)] })));
  return evaluation;
}
const environmentOf = (ssh: unknown) => toJS(evaluate(ssh).config.lazy("environment") as Lazy) as Record<string, any>;

test("programs.ssh is off by default: neither ssh_config nor ssh_known_hosts is touched", () => {
  const etc = environmentOf({}).etc;
  assert.equal(etc["ssh/ssh_config"], undefined);
  assert.equal(etc["ssh/ssh_known_hosts"], undefined);
});

test("programs.ssh.enable: ssh_config with NixOS's generated part only, and an empty known hosts file, both replacing the host's", () => {
  const etc = environmentOf({ enable: true }).etc;
  assertGolden(join(GOLDEN, "default.ssh_config"), etc["ssh/ssh_config"].text);
  assert.equal(etc["ssh/ssh_known_hosts"].text, "\n");
  assert.deepEqual([etc["ssh/ssh_config"].replaceExisting, etc["ssh/ssh_known_hosts"].replaceExisting], [true, true]);
  assert.equal(etc["ssh/ssh_config"].mode, "symlink");
});

test("every setting: extraConfig first, then Host * with the algorithms; known hosts by name with CA marks and extra names; knownHostsFiles placed and named", () => {
  const dir = mkdtempSync(join(tmpdir(), "programs-ssh-"));
  try {
    writeFileSync(join(dir, "ca.pub"), `${KEY} ca\n`);
    writeFileSync(join(dir, "corp_known_hosts"), `git.corp ${KEY}\n`);
    const ssh = {
      enable: true,
      extraConfig: "Host build\n  User ci\n",
      forwardX11: null,
      setXAuthLocation: true,
      pubkeyAcceptedKeyTypes: ["ssh-ed25519", "rsa-sha2-512"],
      hostKeyAlgorithms: ["ssh-ed25519"],
      kexAlgorithms: ["curve25519-sha256"],
      ciphers: ["chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com"],
      macs: ["hmac-sha2-512-etm@openssh.com"],
      knownHosts: {
        "github.com": { publicKey: KEY, extraHostNames: ["140.82.121.3"] },
        corp: { certAuthority: true, hostNames: ["*.corp"], publicKeyFile: join(dir, "ca.pub") },
      },
      knownHostsFiles: [join(dir, "corp_known_hosts")],
    };
    const etc = environmentOf(ssh).etc;
    assertGolden(join(GOLDEN, "full.ssh_config"), etc["ssh/ssh_config"].text);
    assert.equal(etc["ssh/ssh_known_hosts"].text, `@cert-authority *.corp ${KEY} ca\n\ngithub.com,140.82.121.3 ${KEY}\n`);
    assert.equal(String(etc["ssh/ssh_known_hosts.d/0-corp_known_hosts"].source), join(dir, "corp_known_hosts"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a known host with both or neither of publicKey and publicKeyFile fails NixOS's assertion; startAgent warns that no agent is started", () => {
  const both = evaluate({ enable: true, knownHosts: { a: { publicKey: KEY, publicKeyFile: "/k" }, b: {} } });
  assert.throws(() => checkAssertions(both), /knownHost a must contain either a publicKey or publicKeyFile[^]*knownHost b must contain either a publicKey or publicKeyFile/);
  assert.deepEqual(checkAssertions(evaluate({ enable: true, startAgent: true })), ["programs.ssh.startAgent has no effect: system-manager starts no per-user ssh-agent"]);
});

test("enableAskPassword sets SSH_ASKPASS (Debian's ssh-askpass by default); without it the variable is not set", () => {
  assert.equal(environmentOf({ enable: true, enableAskPassword: true }).variables.SSH_ASKPASS, "/usr/lib/ssh/x11-ssh-askpass");
  assert.equal(environmentOf({ enable: true }).variables.SSH_ASKPASS, undefined);
});
