/**
 * NixOS's unit layout under a --root tree shaped like a Debian host with a
 * unit of its own in /etc/systemd/system (hostd.service) and one in
 * /lib/systemd/system (cron.service): an alias is a link to its unit's
 * name (so systemd sees an alias, not a second unit) and goes when the
 * alias does; `overrideStrategy = "asDropin"` writes only
 * <unit>.d/overrides.conf next to the host's unit, which is never touched,
 * and deactivate removes the drop-in and the directory it made; a whole
 * unit of ours over the host's own file in /etc is refused.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, lstatSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { join } from "node:path";
import { makeTree, isRoot } from "../helpers/tree.ts";
import { build, seedSystem, switchTo, world } from "../helpers/system.ts";
import { activate } from "../../src/activate/activate.ts";

const skip = isRoot ? false : "needs root (files owned by root)";
const HOSTD = "[Service]\nExecStart=/usr/sbin/hostd\n";
const UNITS = "etc/systemd/system";

const hostRoot = () => makeTree({ [`${UNITS}/hostd.service`]: { content: HOSTD, mode: 0o644 }, "lib/systemd/system/cron.service": "[Service]\nExecStart=/usr/sbin/cron -f\n" });
const config = (aliases: string[]) => ({
  systemd: {
    services: {
      app: { wantedBy: ["multi-user.target"], aliases, script: "exec sleep infinity" },
      hostd: { overrideStrategy: "asDropin", environment: { FROM_DROPIN: "1" } },
      cron: { overrideStrategy: "asDropin", serviceConfig: { Nice: 5 } },
    },
  },
});
/** A file's text under the root, following links as the host would (absolute targets are host paths, relative ones beside the link). */
function text(root: string, path: string): string {
  const p = join(root, path);
  if (!lstatSync(p).isSymbolicLink()) return readFileSync(p, "utf8");
  const t = readlinkSync(p);
  return text(root, t.startsWith("/") ? t : join(path, "..", t));
}

test("aliases are links to the unit's name; asDropin writes overrides.conf beside the host's units, which stay as they were", { skip }, async () => {
  const root = hostRoot();
  try {
    await switchTo(root, [seedSystem, config(["application.service"])]);
    assert.equal(readlinkSync(join(root, UNITS, "application.service")), "app.service");
    assert.equal(text(root, `${UNITS}/application.service`), text(root, `${UNITS}/app.service`));
    assert.equal(text(root, `${UNITS}/hostd.service`), HOSTD);
    assert.equal(lstatSync(join(root, UNITS, "hostd.service")).isFile(), true);
    assert.equal(text(root, `${UNITS}/hostd.service.d/overrides.conf`), '[Unit]\n\n[Service]\nEnvironment="FROM_DROPIN=1"\n');
    assert.equal(text(root, `${UNITS}/cron.service.d/overrides.conf`), "[Unit]\n\n[Service]\nNice=5\n");
    assert.equal(existsSync(join(root, UNITS, "cron.service")), false, "the host's cron.service in /lib is not shadowed");

    await switchTo(root, [seedSystem, config([])]);
    assert.equal(existsSync(join(root, UNITS, "application.service")), false, "the alias went with the option");
    assert.equal(lstatSync(join(root, UNITS, "app.service")).isSymbolicLink(), true);

    await activate(world(root), "nothing", false);
    assert.equal(text(root, `${UNITS}/hostd.service`), HOSTD);
    for (const gone of [`${UNITS}/hostd.service.d`, `${UNITS}/cron.service.d`, `${UNITS}/app.service`]) assert.equal(existsSync(join(root, gone)), false, gone);
    assert.equal(text(root, "lib/systemd/system/cron.service"), "[Service]\nExecStart=/usr/sbin/cron -f\n");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("a whole unit of ours where the host has its own file in /etc/systemd/system is refused; the host's file stays", { skip }, async () => {
  const root = hostRoot();
  try {
    const storePath = await build(root, [seedSystem, { systemd: { services: { hostd: { script: "true" } } } }]);
    await assert.rejects(activate(world(root), { storePath }, false), /Cannot manage \/etc\/systemd\/system\/hostd\.service: it exists and is not managed by system-manager/);
    assert.equal(text(root, `${UNITS}/hostd.service`), HOSTD);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
