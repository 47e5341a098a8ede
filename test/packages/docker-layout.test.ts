/**
 * pkgs.docker (Debian's docker.io) laid out as nixpkgs' docker: dockerd
 * runs with libexec/docker first on its PATH, which holds containerd, its
 * runc shim, runc, docker-init, docker-proxy and iptables of its closure
 * (Debian's dockerd looks for them on the host's PATH, and fails with
 * `exec: "containerd": executable file not found in $PATH` on a host
 * without docker.io installed); the CLI plugins docker-compose and
 * docker-buildx have their programs in bin/ too, and Compose is v2, as
 * nixpkgs'. The links resolving in the real closure are checked by the
 * end-to-end test of the docs' docker example (test/e2e/docs-timer-docker.e2e.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXUPS } from "../../src/packages/debian/fixups.ts";
import { debianNameFor } from "../../src/packages/names.ts";

const docker = FIXUPS["docker.io"];

test("libexec/docker links what dockerd runs into the members of docker.io's closure", () => {
  assert.deepEqual(docker?.links, {
    "libexec/docker/containerd": "${pkg:containerd}/usr/bin/containerd",
    "libexec/docker/containerd-shim-runc-v2": "${pkg:containerd}/usr/bin/containerd-shim-runc-v2",
    "libexec/docker/ctr": "${pkg:containerd}/usr/bin/ctr",
    "libexec/docker/runc": "${pkg:runc}/usr/sbin/runc",
    "libexec/docker/docker-init": "${self}/usr/bin/docker-init",
    "libexec/docker/docker-proxy": "${self}/usr/sbin/docker-proxy",
    "libexec/docker/iptables": "${pkg:iptables}/usr/sbin/iptables-nft",
    "libexec/docker/ip6tables": "${pkg:iptables}/usr/sbin/ip6tables-nft",
  });
});

test("bin/dockerd puts libexec/docker first on PATH, keeps the caller's after it, points iptables at its closure's extensions and passes its arguments", () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-dockerd-"));
  try {
    const out = join(dir, "out");
    mkdirSync(join(out, "bin"), { recursive: true });
    const target = join(dir, "dockerd");
    writeFileSync(target, `#!/bin/sh\nprintf '%s\\n' "$PATH" "$XTABLES_LIBDIR" "$@"\n`);
    chmodSync(target, 0o755);
    const text = (docker?.files?.["bin/dockerd"] as string).replace(/\$\{out\}/g, out).replace(/\$\{target\}/g, target).replace(/\$\{pkg:iptables\}/g, "/store/x-iptables").replace(/\$\{multiarch\}/g, "x86_64-linux-gnu");
    writeFileSync(join(out, "bin/dockerd"), text);
    chmodSync(join(out, "bin/dockerd"), 0o755);
    const run = (env: Record<string, string>) => spawnSync(join(out, "bin/dockerd"), ["--host=fd://", "a b"], { encoding: "utf8", env }).stdout;
    assert.equal(run({ PATH: "/usr/bin:/bin" }), `${out}/libexec/docker:/usr/bin:/bin\n/store/x-iptables/usr/lib/x86_64-linux-gnu/xtables\n--host=fd://\na b\n`);
    const unset = run({});
    assert.ok(unset.startsWith(`${out}/libexec/docker`) && !/(^|:)(:|\n)/.test(unset.split("\n")[0] + "\n"), `no empty entry (the current directory) when PATH is unset: ${unset}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("docker-compose and docker-buildx expose their CLI plugin in bin/; Compose v2, as nixpkgs' (Debian 12's 1.29 is the Python v1)", () => {
  assert.deepEqual(debianNameFor("docker-buildx").binDirs, ["usr/libexec/docker/cli-plugins"]);
  const compose = debianNameFor("docker-compose");
  assert.deepEqual(compose.binDirs, ["usr/libexec/docker/cli-plugins"]);
  assert.equal(compose.atLeast?.version, "2");
});
