/**
 * Against Debian's real archive (skipped, with the reason, when it is
 * unreachable or we are not root): pkgs.postgresql_15 realised into the
 * store of a debootstrap minbase root that has no PostgreSQL, with
 * nixpkgs' bin/ (server and clients, from Debian's
 * usr/lib/postgresql/15/bin, never the pg_wrapper of /usr/bin), and run
 * from its store path in that root with chroot, as an unprivileged user:
 * initdb finds its share/ files (postgres.bki) and postgres through its
 * own real path, postgres starts on a socket in /tmp, psql and createdb
 * talk to it, and pg_ctl stops it.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PackageSession } from "../../src/packages/package-session.ts";
import { chroot, hostSources, minbaseRoot, realArchiveUnavailable } from "./helpers/real-archive.ts";

const suite = (() => {
  const s = hostSources();
  return typeof s === "string" ? undefined : s[0]?.suites[0];
})();
const skip = (await realArchiveUnavailable()) ?? (suite === "bookworm" ? undefined : `PostgreSQL 15 is Debian 12's (bookworm); this host's release is ${suite}`);
const SYSTEM = "x86_64-linux";


describe("pkgs.postgresql_15 from Debian's archive, run from the store in a minbase root", { skip }, () => {
  let scratch: string;
  let root: string;
  let out: string;
  let session: PackageSession;
  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), "sm-postgresql-"));
    root = minbaseRoot(scratch);
    session = new PackageSession({ root, lockPath: join(scratch, "system-manager.lock"), provider: "debian" });
    out = session.lookup("postgresql_15", SYSTEM).outPath;
    await session.realise([out]);
  });
  after(() => {
    if (root !== undefined) chroot(root, `${out}/bin/pg_ctl -D /tmp/pgdata -m immediate stop >/dev/null 2>&1; true`);
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  test("bin/ holds the server's and the clients' programs, linked into usr/lib/postgresql/15/bin of postgresql-15 and postgresql-client-15", () => {
    const bin = readdirSync(join(root, out, "bin")).sort();
    for (const p of ["postgres", "initdb", "pg_ctl", "pg_upgrade", "psql", "createdb", "createuser", "pg_isready", "pg_dump", "pg_restore"]) assert.ok(bin.includes(p), `${p} in ${bin.join(" ")}`);
    assert.match(readlinkSync(join(root, out, "bin/postgres")), /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-postgresql-15-15\.[^/]+\/usr\/lib\/postgresql\/15\/bin\/postgres$/);
    assert.match(readlinkSync(join(root, out, "bin/psql")), /-postgresql-client-15-15\.[^/]+\/usr\/lib\/postgresql\/15\/bin\/psql$/);
    assert.ok(!bin.includes("pg_lsclusters") && !bin.includes("pg_wrapper"), "nothing of postgresql-common's or postgresql-client-common's");
    assert.notEqual(chroot(root, "command -v psql || command -v postgres || test -d /usr/lib/postgresql").status, 0, "the root has no PostgreSQL of its own");
  });

  test("initdb, postgres, psql, createdb and pg_ctl run from the store path as an unprivileged user", () => {
    const bin = `${out}/bin`;
    const asNobody = (cmd: string) => `setpriv --reuid=65534 --regid=65534 --clear-groups -- ${cmd}`;
    const script = [
      "set -e",
      "rm -rf /tmp/pgdata /tmp/pg.log",
      asNobody(`${bin}/initdb -D /tmp/pgdata -U postgres --auth=trust >/tmp/initdb.log 2>&1 || { cat /tmp/initdb.log; exit 1; }`),
      asNobody(`${bin}/pg_ctl -D /tmp/pgdata -l /tmp/pg.log -w -o "-k /tmp -c listen_addresses=''" start >/dev/null || { cat /tmp/pg.log; exit 1; }`),
      asNobody(`${bin}/pg_isready -h /tmp -q`),
      asNobody(`${bin}/createdb -h /tmp -U postgres myapp`),
      asNobody(`${bin}/psql -h /tmp -U postgres -d myapp -tAc 'select 1 + 1'`),
      asNobody(`${bin}/psql -h /tmp -U postgres -tAc "select datname from pg_database where datname = 'myapp'"`),
      asNobody(`${bin}/pg_ctl -D /tmp/pgdata -w stop >/dev/null`),
    ].join("\n");
    const r = chroot(root, script);
    assert.equal(r.status, 0, r.out);
    assert.equal(r.out, "2\nmyapp\n");
    assert.ok(existsSync(join(root, "tmp/pgdata/PG_VERSION")));
  });

  test("pkgs.postgresql, Debian's metapackage, has the same programs from the release's PostgreSQL", async () => {
    const meta = session.lookup("postgresql", SYSTEM).outPath;
    await session.realise([meta]);
    const links = (o: string) => Object.fromEntries(readdirSync(join(root, o, "bin")).sort().map((n) => [n, readlinkSync(join(root, o, "bin", n))]));
    assert.deepEqual(links(meta), links(out));
  });
});
