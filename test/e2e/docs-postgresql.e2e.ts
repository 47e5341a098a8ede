/**
 * system-manager's documentation example docs/site/examples/postgresql.md,
 * taken from the mirror at test time (skipped, saying why, without it), on
 * a booted Debian 12. One change only: Debian 12 has PostgreSQL 15, not
 * 16, so `postgresql_16` becomes `postgresql_15` and `/16` `/15` (the data
 * directory); pkgs.postgresql_16 itself is refused with postgresql_15
 * among the close names. After `switch`, postgresql.service (Type=notify,
 * initdb in ExecStartPre) is active, postgresql-init.service has created
 * the myapp database and role, and psql as postgres works; a second
 * switch leaves the running server alone; deactivate stops it and keeps
 * its data. The guest shares the host's network: the server listens on
 * localhost:5432 there, which nothing else on this machine uses.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { docsExample, flakeOf } from "./docs-example.ts";
import { CLI, e2eSkipReason, guestForFile } from "./project.ts";

const example = docsExample("postgresql");
const skip = e2eSkipReason() ?? ("skip" in example ? example.skip : undefined);
const DIR = "/root/postgresql-example";
const SWITCH_TIMEOUT = 15 * 60_000;

/** The example's module, with Debian 12's PostgreSQL version. */
const module = "blocks" in example ? (example.blocks[0] as string).replaceAll("postgresql_16", "postgresql_15").replaceAll("/16", "/15") : "";

let guest: Container;
guestForFile(skip, (g) => (guest = g));

const sh = (script: string, timeoutMs?: number) => guest.sh(script, timeoutMs);
const show = (unit: string, prop: string) => sh(`systemctl show -p ${prop} --value ${unit}`).then((v) => v.trim());
const psql = (sql: string, db = "postgres") => sh(`runuser -u postgres -- /run/system-manager/sw/bin/psql -d ${db} -tAc "${sql}"`);
const journal = async () => (await guest.journal()).slice(-4000);

let serverPid = "";

test("the docs' example, with postgresql_15, is what the mirror has", { skip }, () => {
  assert.match(module, /pkgs\.postgresql_15\}\/bin\/postgres -D \/var\/lib\/postgresql\/15"/);
  assert.match(module, /systemd\.services\.postgresql-init = \{/);
  assert.doesNotMatch(module, /_16|\/16/);
});

test("the example as written: pkgs.postgresql_16 is refused, postgresql_15 suggested, nothing changed", { skip }, async () => {
  const original = "blocks" in example ? (example.blocks[0] as string) : "";
  await sh(`mkdir -p ${DIR} && cat > ${DIR}/flake.nix <<'EOF'\n${flakeOf(["postgresql.nix"])}EOF\ncat > ${DIR}/postgresql.nix <<'EOF'\n${original}EOF`);
  const r = await guest.run(`${CLI} switch --flake ${DIR}`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(r.code, 1, `${r.stdout}${r.stderr}`);
  assert.match(r.stderr, /Cannot find pkgs\.postgresql_16 \(Debian's 'postgresql-16'\): [^\n]*no such package[^\n]*close names: [^\n]*postgresql_15/, r.stderr);
  assert.equal(await sh("test -e /etc/systemd/system/postgresql.service || id postgres 2>/dev/null || echo untouched"), "untouched\n");
});

test("switch: postgresql.service runs, postgresql-init.service made the myapp database and role, psql works as postgres", { skip }, async () => {
  await sh(`mkdir -p ${DIR} && cat > ${DIR}/flake.nix <<'EOF'\n${flakeOf(["postgresql.nix"])}EOF\ncat > ${DIR}/postgresql.nix <<'EOF'\n${module}EOF`);
  const r = await guest.run(`${CLI} switch --flake ${DIR}`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(r.code, 0, `switch failed:\n${r.stdout}${r.stderr}`);
  const state = async (unit: string) => [await show(unit, "ActiveState"), await show(unit, "SubState"), await show(unit, "Result"), await show(unit, "User")];
  assert.deepEqual(await state("postgresql.service"), ["active", "running", "success", "postgres"], await journal());
  assert.deepEqual(await state("postgresql-init.service"), ["active", "exited", "success", "postgres"], await journal());
  assert.match(await guest.journal("postgresql-init.service"), /PostgreSQL is ready and configured!/);
  assert.equal(await psql("select 1", "myapp"), "1\n");
  assert.equal(await psql("select rolname from pg_roles where rolname = 'myapp'"), "myapp\n");
  assert.equal(await psql("select has_database_privilege('myapp', 'myapp', 'CREATE')"), "t\n", "the GRANTs ran");
  assert.equal(await sh("stat -c '%U %G' /var/lib/postgresql /var/lib/postgresql/15 /run/postgresql"), "postgres postgres\npostgres postgres\npostgres postgres\n");
  assert.match(await sh("cat /var/lib/postgresql/15/PG_VERSION"), /^15\n$/);
  serverPid = await show("postgresql.service", "MainPID");
  assert.match(serverPid, /^[1-9]\d*$/);
  assert.match(await sh(`readlink /proc/${serverPid}/exe`), /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-postgresql-15-15\.[^/]+\/usr\/lib\/postgresql\/15\/bin\/postgres\n$/, "Debian's postgres, from the store");
});

test("a second switch is a no-op for the server: same process, the init service not run again", { skip }, async () => {
  const initStarted = await show("postgresql-init.service", "ExecMainStartTimestampMonotonic");
  const r = await guest.run(`${CLI} switch --flake ${DIR}`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(r.code, 0, `switch failed:\n${r.stdout}${r.stderr}`);
  assert.match(serverPid, /^[1-9]\d*$/, "the first switch started the server");
  assert.equal(await show("postgresql.service", "MainPID"), serverPid, "not restarted");
  assert.equal(await show("postgresql-init.service", "ExecMainStartTimestampMonotonic"), initStarted);
  assert.equal(await psql("select 1", "myapp"), "1\n");
});

test("deactivate stops PostgreSQL and leaves its data in /var/lib/postgresql", { skip }, async () => {
  assert.match(serverPid, /^[1-9]\d*$/, "the first switch started the server");
  const r = await guest.run(`${CLI} deactivate`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(r.code, 0, `deactivate failed:\n${r.stdout}${r.stderr}`);
  assert.equal((await guest.run("systemctl is-active postgresql.service")).stdout, "inactive\n");
  assert.equal(await sh("test -e /etc/systemd/system/postgresql.service && echo unit || echo gone"), "gone\n");
  assert.equal(await sh(`test -e /proc/${serverPid} && echo running || echo stopped`), "stopped\n");
  assert.match(await sh("cat /var/lib/postgresql/15/PG_VERSION; ls /var/lib/postgresql/15/base | wc -l"), /^15\n[4-9]\n$/, "the cluster, with the myapp database, is still there");
});
