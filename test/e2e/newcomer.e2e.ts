/**
 * The README's quick start, run as a newcomer runs it (issue #10): on a
 * fresh Debian 12 with Node 20 and npm and nothing else (no git, no
 * patchelf, no ripgrep), from a clone in a home only its owner can read,
 * the README's line verbatim in a login shell. Once as root, once as an
 * ordinary user. Each test boots its own guest, without the project bound
 * in: the clone is all there is.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { lstatSync, readFileSync } from "node:fs";
import { cloneInto } from "./clone.ts";
import { Container } from "./container.ts";
import { e2eSkipReason } from "./project.ts";
import { findScratchRoot, inRoot, notOwnedBy, output, readmeQuickStart, resolveInRoot, runAs } from "./newcomer.ts";

const skip = e2eSkipReason();
const QUICK_START_TIMEOUT = 10 * 60_000;
const STORE = "/var/lib/system-manager/store/";

/** Boots a guest, puts a clone at `<home>/system-manager` owned by `user`, runs the README's line there, and checks alice's files in the root it made. */
async function quickStart(user: string, home: string, checkOwners: (c: Container, hostRoot: string) => Promise<void>): Promise<void> {
  const line = readmeQuickStart();
  const c = await Container.boot();
  try {
    if (user !== "root") {
      const add = await c.run(`useradd -m -s /bin/bash ${user}`);
      assert.equal(add.code, 0, output(add));
    }
    const prep = await c.run(`chmod 0700 ${home} && stat -c '%a %U' ${home} && ! command -v git && ! command -v patchelf && ! command -v rg && command -v node npm npx`);
    assert.equal(prep.code, 0, `the guest is not a fresh Debian with Node and npm:\n${output(prep)}`);
    assert.match(prep.stdout, new RegExp(`^700 ${user}\n`));
    const clone = `${home}/system-manager`;
    await cloneInto(c, clone, user);
    const tmpdir = `${home}/newcomer-tmp`;
    const mk = await runAs(c, user, `mkdir ${tmpdir}`);
    assert.equal(mk.code, 0, output(mk));

    const r = await runAs(c, user, `export TMPDIR=${tmpdir}\ncd ${clone} && ${line}`, QUICK_START_TIMEOUT);
    assert.equal(r.code, 0, `the README's quick start failed as ${user}: cd ${clone} && ${line}\n${output(r)}`);

    try {
      const root = findScratchRoot(c, tmpdir);
      assert.ok(root !== undefined, `no root made by "$(mktemp -d)" under ${tmpdir}`);
      const hostRoot = c.hostPath(root);
      const file = (rel: string) => resolveInRoot(hostRoot, rel);

      assert.equal(readFileSync(file("home/alice/.config/example/hello.txt"), "utf8"), "Hello from home-manager!\n");
      assert.match(readFileSync(file("home/alice/.config/git/config"), "utf8"), /^\s*name\s*=\s*"?Alice"?\s*$/m);
      for (const bin of ["rg", "git"]) {
        const rel = `etc/profiles/per-user/alice/bin/${bin}`;
        const at = file(rel);
        assert.ok(lstatSync(at).isFile(), `${rel} resolves to ${inRoot(hostRoot, at)}, not a file`);
        assert.ok(inRoot(hostRoot, at).startsWith(STORE), `${rel} resolves to ${inRoot(hostRoot, at)}, outside the root's ${STORE}`);
      }
      await checkOwners(c, hostRoot);
    } catch (e) {
      // The quick start said it worked: what it printed is the first thing to read.
      if (e instanceof Error) e.message += `\nThe quick start's output (cd ${clone} && ${line}, as ${user}):\n${output(r)}`;
      throw e;
    }
  } finally {
    await c.shutdown();
  }
}

test("README quick start as root, from a clone in /root (0700): exit 0, alice's files and profile in the scratch root", { skip }, async () => {
  await quickStart("root", "/root", async () => undefined);
});

test("README quick start as an ordinary user (carol, home 0700): exit 0, the same files, all carol's", { skip }, async () => {
  await quickStart("carol", "/home/carol", async (c, hostRoot) => {
    const uid = Number((await c.run("id -u carol")).stdout.trim());
    assert.ok(uid > 0, "carol has a uid");
    assert.deepEqual(notOwnedBy(hostRoot, uid), [], "files in carol's scratch root that are not carol's");
  });
});
