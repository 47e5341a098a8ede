/**
 * pkgs.nginx's bin/nginx wrapper (debian/fixups.ts): Debian's nginx keeps
 * its temporary files under /var/lib/nginx, made by installing Debian's
 * package, never by nginx. The wrapper, with a stand-in for the program
 * it runs, in a private mount namespace whose /var/lib is an empty tmpfs
 * (this machine's /var/lib is never touched): as root it makes
 * /var/lib/nginx (0755) and runs the program with its arguments; an
 * existing one is left as it is; as another user it makes nothing and
 * still runs it. Skipped, saying why, without root or unshare.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXUPS } from "../../src/packages/debian/fixups.ts";

const canUnshare = process.getuid?.() === 0 && spawnSync("unshare", ["-m", "true"]).status === 0;
const skip = canUnshare ? undefined : "needs root and unshare -m for a private /var/lib";

/** Runs `setup`, then the wrapper (as `user`), then prints /var/lib/nginx's mode and owner, in a private /var/lib. */
function run(setup: string, user: "root" | "nobody"): string {
  const dir = mkdtempSync(join(tmpdir(), "sm-nginx-wrapper-"));
  chmodSync(dir, 0o755);
  try {
    const target = join(dir, "nginx.real");
    writeFileSync(target, '#!/bin/sh\necho "ran with $*"\n', { mode: 0o755 });
    const wrapper = (FIXUPS.nginx?.files?.["bin/nginx"] ?? "").replace(/\$\{target\}/g, target);
    writeFileSync(join(dir, "nginx"), wrapper, { mode: 0o755 });
    const as = user === "root" ? "" : "setpriv --reuid=nobody --regid=nogroup --clear-groups ";
    const script = `mount -t tmpfs none /var/lib && ${setup} && ${as}${dir}/nginx -c /etc/nginx/nginx.conf; stat -c '%a %U' /var/lib/nginx 2>/dev/null || echo absent`;
    const r = spawnSync("unshare", ["-m", "--propagation", "private", "sh", "-c", script], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("as root the wrapper makes a missing /var/lib/nginx and runs nginx with its arguments", { skip }, () => {
  assert.equal(run("true", "root"), "ran with -c /etc/nginx/nginx.conf\n755 root\n");
});

test("an existing /var/lib/nginx is left as it is", { skip }, () => {
  assert.equal(run("mkdir -m 0710 /var/lib/nginx", "root"), "ran with -c /etc/nginx/nginx.conf\n710 root\n");
});

test("as another user it makes nothing and still runs nginx", { skip }, () => {
  assert.equal(run("chmod 0755 /var/lib", "nobody"), "ran with -c /etc/nginx/nginx.conf\nabsent\n");
});
