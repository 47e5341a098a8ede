/**
 * The build's nginx check, in a scenario root: a configuration the
 * package's nginx rejects stops the switch with nginx's message and the
 * files that define services.nginx, and leaves the root as it was; the
 * check's own writes (nginx -t makes its pid file and log and temporary
 * directories) never reach the host. The nginx here is a stand-in
 * program with nginx's `-t -c FILE` interface (the real one is run in the
 * booted guest: test/e2e/nginx.e2e.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { evaluateSystem } from "./evaluate-system.ts";
import { toJS } from "../nix/js-value.ts";
import type { Lazy } from "../nix/value.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { makeTree, snapshot, isRoot } from "../../test/helpers/tree.ts";
import { module, seedSystem, switchTo } from "../../test/helpers/system.ts";

/** A file of the root, following links as the root sees them (their targets are paths inside it). */
const read = (root: string, p: string): string => {
  const host = join(root, p);
  return lstatSync(host).isSymbolicLink() ? read(root, readlinkSync(host)) : readFileSync(host, "utf8");
};

// The store, and this process's temporary GC roots over what it wrote there: the store grows, the host does not change.
const STORE_BOOKKEEPING = ["/var/lib/system-manager/store", "/var/lib/system-manager/temproots"];

const skip = isRoot ? false : "needs root (chown to other users, and a mount namespace)";

// What nginx -t does: writes its pid file, opens its log, makes its temporary directories; rejects an unknown directive.
const STAND_IN = `#!/bin/sh
[ "$1" = -t ] && [ "$2" = -c ] || { echo "stand-in nginx: expected -t -c FILE" >&2; exit 2; }
: > /run/nginx/nginx.pid && mkdir -p /var/cache/nginx/client_body && : > /var/log/nginx/access.log || exit 3
line=$(grep -n 'bogus_directive' "$3" | cut -d: -f1 | head -1)
if [ -n "$line" ]; then
  echo "nginx: [emerg] unknown directive \\"bogus_directive\\" in $3:$line" >&2
  echo "nginx: configuration file $3 test failed" >&2
  exit 1
fi
echo "nginx: configuration file $3 test is successful" >&2
`;

const site = (extra: string) => ({
  ...seedSystem,
  services: { ...seedSystem.services, nginx: { enable: true, virtualHosts: { site: { listen: [{ addr: "127.0.0.1", port: 8080 }], root: "/srv/site", extraConfig: extra } } } },
});

/** Puts the stand-in where pkgs.nginx's store path is under `root`. */
function installStandIn(root: string): void {
  const { evaluation } = evaluateSystem([module(site(""))]);
  const services = toJS(evaluation.config.lazy("services") as Lazy) as { nginx: { package: { outPath: string } } };
  const bin = join(root, services.nginx.package.outPath, "bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "nginx"), STAND_IN);
  chmodSync(join(bin, "nginx"), 0o755);
}

test("an extraConfig nginx rejects stops the switch with nginx's message and the defining files; nothing changes", { skip }, async () => {
  const root = makeTree({});
  installStandIn(root);
  const first = await switchTo(root, [site("add_header X-Site one;")]);
  const unit = read(root, "etc/systemd/system/nginx.service");
  assert.match(unit, /^ExecStart=.*-nginx\.conf'$/m);
  const before = snapshot(root, STORE_BOOKKEEPING);
  await assert.rejects(switchTo(root, [site("bogus_directive on;")]), (e: Error) => {
    assert.ok(e instanceof UserError);
    assert.match(e.message, /^nginx rejects the configuration generated from services\.nginx\.\{enable, virtualHosts\} \(defined in \/cfg\/system\.config\.ts\), checked with `\S+\/bin\/nginx -t -c \S+-nginx\.conf':\n {2}nginx: \[emerg\] unknown directive "bogus_directive" in \S+-nginx\.conf:\d+\n {2}nginx: configuration file \S+ test failed$/);
    return true;
  });
  assert.deepEqual(snapshot(root, STORE_BOOKKEEPING), before, "the root is as the first switch left it");
  assert.equal(read(root, "etc/systemd/system/nginx.service"), unit);
  assert.ok(first.storePath.length > 0);
  for (const p of ["/run/nginx/nginx.pid", "/var/cache/nginx/client_body", "/var/log/nginx/access.log"]) assert.ok(!existsSync(p), `${p}: nginx -t wrote nothing on this machine`);
});

test("without the nginx program in the store (packages not realised) there is nothing to run and no check", { skip }, async () => {
  const root = makeTree({});
  const r = await switchTo(root, [site("bogus_directive on;")]);
  assert.ok(r.storePath.length > 0);
});
