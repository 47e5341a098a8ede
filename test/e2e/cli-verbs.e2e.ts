/**
 * pre-populate and --ephemeral on a booted Debian 12, across a reboot of
 * the guest: pre-populate puts the unit and the /etc file in place
 * without starting the unit, and the boot starts it (the image-build
 * case); switch --ephemeral puts them under /run (the unit loaded from
 * /run/systemd/system and running, the file in /run/etc, nothing in
 * /etc but for the unit's job script, which it runs from there), they
 * are gone after the reboot, and a switch again brings them back. Over a
 * persistent generation, the reboot brings that one back (the restore
 * unit) and `generations` calls it current again.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { CLI, e2eSkipReason, guestForFile } from "./project.ts";

const skip = e2eSkipReason();

/** A file in /etc and a oneshot unit recording that it ran: by ExecStart, or by a job script (`script`). */
const config = (name: string, how: "exec" | "script") => `import { defineConfig } from "system-manager";
export default defineConfig({ modules: [{
  nixpkgs: { hostPlatform: "x86_64-linux" },
  environment: { etc: { "${name}.txt": { text: "${name}\\n" } } },
  systemd: { services: { ${name}: {
    wantedBy: ["system-manager.target"],
    serviceConfig: { Type: "oneshot", RemainAfterExit: true${how === "exec" ? `, ExecStart: "/bin/sh -c 'date +%s%N > /var/tmp/${name}-ran'"` : ""} },
    ${how === "script" ? `script: "date +%s%N > /var/tmp/${name}-ran",` : ""}
  } } },
}] });
`;

let guest: Container;
guestForFile(skip, (g) => (guest = g));
const sh = (script: string, timeoutMs?: number) => guest.sh(script, timeoutMs);
/** The unit's load state, active state and file, one a line. */
const unit = (name: string) => ["LoadState", "ActiveState", "FragmentPath"].map((p) => `echo ${p}=$(systemctl show -p ${p} --value ${name}.service)`).join("; ");

test("pre-populate puts the unit and /etc file in place without starting the unit; the next boot starts it", { skip }, async () => {
  await sh(`cat > /root/cvpre.config.ts <<'EOF'\n${config("cvpre", "exec")}EOF`);
  const dry = await guest.run(`${CLI} pre-populate --config /root/cvpre.config.ts --dry-run`);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stderr, /systemd units: not switched \(pre-populate leaves units alone/);
  await sh(`${CLI} pre-populate --config /root/cvpre.config.ts`, 240_000);
  assert.equal(await sh("cat /etc/cvpre.txt; readlink /etc/systemd/system/cvpre.service | grep -c /var/lib/system-manager/store/"), "cvpre\n1\n");
  assert.equal(await sh("test -e /var/tmp/cvpre-ran && echo ran || echo not-ran; systemctl is-active cvpre.service || true"), "not-ran\ninactive\n");
  await guest.reboot();
  assert.equal(await sh("cat /var/tmp/cvpre-ran >/dev/null && echo ran; systemctl is-active cvpre.service"), "ran\nactive\n");
  assert.match(await sh(`${CLI} generations`), /^ {3}1 .*\(current\)$/m);
  await sh(`${CLI} deactivate`, 120_000);
});

test("switch --ephemeral: the unit runs from /run/systemd/system (its job script from /etc) and the file is in /run/etc; gone after a reboot; a switch again brings them back", { skip }, async () => {
  await sh(`cat > /root/cveph.config.ts <<'EOF'\n${config("cveph", "script")}EOF`);
  const r = await guest.run(`${CLI} switch --config /root/cveph.config.ts --ephemeral`, { timeoutMs: 240_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /\+ \/run\/systemd\/system\/cveph\.service -> /);
  assert.equal(await sh(unit("cveph")), "LoadState=loaded\nActiveState=active\nFragmentPath=/run/systemd/system/cveph.service\n");
  assert.equal(await sh("cat /run/etc/cveph.txt; test -e /etc/cveph.txt || echo none-in-etc; test -e /etc/systemd/system/cveph.service || echo no-unit-in-etc"), "cveph\nnone-in-etc\nno-unit-in-etc\n");
  assert.equal(await sh("cat /var/tmp/cveph-ran >/dev/null && echo ran"), "ran\n");
  await sh("rm /var/tmp/cveph-ran");

  await guest.reboot();
  assert.equal(await sh(`${unit("cveph")}; test -e /run/etc/cveph.txt || echo file-gone; test -e /var/tmp/cveph-ran || echo not-run-at-boot`), "LoadState=not-found\nActiveState=inactive\nFragmentPath=\nfile-gone\nnot-run-at-boot\n");
  // The unit's job script stays where the unit ran it from (/etc), inert: no unit refers to it.
  assert.equal(await sh("ls /etc/systemd/system/system-manager-scripts/*/cveph-start | wc -l"), "1\n");

  const again = await guest.run(`${CLI} switch --config /root/cveph.config.ts --ephemeral`, { timeoutMs: 240_000 });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(await sh(`${unit("cveph")}; cat /run/etc/cveph.txt`), "LoadState=loaded\nActiveState=active\nFragmentPath=/run/systemd/system/cveph.service\ncveph\n");
  await sh(`${CLI} deactivate`, 120_000);
  assert.equal(await sh("test -e /run/etc/cveph.txt || echo gone; test -e /run/systemd/system/cveph.service || echo unit-gone; test -e /etc/systemd/system/system-manager-scripts || echo scripts-gone; ls -d /run/systemd/system >/dev/null && echo dir-kept"), "gone\nunit-gone\nscripts-gone\ndir-kept\n");
});

test("switch --ephemeral over a persistent generation: after a reboot the persistent one is current again and back in /etc, running; generations does not call the ephemeral one current", { skip }, async () => {
  await sh(`cat > /root/cvkeep.config.ts <<'EOF'\n${config("cvkeep", "exec")}EOF\ncat > /root/cvtmp.config.ts <<'EOF'\n${config("cvtmp", "exec")}EOF`);
  await sh(`${CLI} switch --config /root/cvkeep.config.ts`, 240_000);
  const persistent = (await sh(`${CLI} generations | sed -n 's/^ *\\([0-9]*\\) .*(current)$/\\1/p'`)).trim();
  assert.match(persistent, /^[0-9]+$/);
  const r = await guest.run(`${CLI} switch --config /root/cvtmp.config.ts --ephemeral`, { timeoutMs: 240_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /\+ \/etc\/systemd\/system\/system-manager-ephemeral-restore\.service -> /, "the plan shows the restore unit");
  assert.equal(await sh(`${unit("cvtmp")}; ${unit("cvkeep")}; test -e /etc/cvkeep.txt || echo keep-file-gone`), "LoadState=loaded\nActiveState=active\nFragmentPath=/run/systemd/system/cvtmp.service\nLoadState=not-found\nActiveState=inactive\nFragmentPath=\nkeep-file-gone\n");
  const ephemeral = (await sh(`${CLI} generations | sed -n 's/^ *\\([0-9]*\\) .*(current)$/\\1/p'`)).trim();
  assert.equal(Number(ephemeral), Number(persistent) + 1, "the ephemeral generation is current until the reboot");

  await guest.reboot();
  // The restore unit runs at boot: wait for generation's file to be back.
  await sh("for i in $(seq 1 120); do test -e /etc/cvkeep.txt && systemctl is-active -q cvkeep.service && break; sleep 0.5; done", 120_000);
  assert.equal(await sh(`${unit("cvkeep")}; cat /etc/cvkeep.txt; ${unit("cvtmp")}`), "LoadState=loaded\nActiveState=active\nFragmentPath=/etc/systemd/system/cvkeep.service\ncvkeep\nLoadState=not-found\nActiveState=inactive\nFragmentPath=\n");
  const gens = await sh(`${CLI} generations`);
  assert.match(gens, new RegExp(`^ *${persistent} .*\\(current\\)$`, "m"), gens);
  assert.doesNotMatch(gens, new RegExp(`^ *${ephemeral} .*\\((current|active)`, "m"), gens);
  assert.equal(await sh("ls /etc/systemd/system/system-manager-ephemeral-restore.service /etc/systemd/system/multi-user.target.wants/system-manager-ephemeral-restore.service 2>/dev/null | wc -l"), "0\n", "the restore unit removed itself");
  const again = await guest.run(`${CLI} switch --config /root/cvkeep.config.ts`, { timeoutMs: 240_000 });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout + again.stderr, /^No changes\.$/m, "the host is on the persistent generation: nothing to do");
  await sh(`${CLI} deactivate`, 120_000);
});

test("-v on the booted host: the planner's units decision and every systemctl command run are debug lines", { skip }, async () => {
  const r = await guest.run(`${CLI} -v switch --config /root/cvpre.config.ts --dry-run`, { timeoutMs: 240_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^debug: running systemctl --version$/m);
  assert.match(r.stderr, /^debug: running systemctl --no-pager --no-ask-password show .*cvpre\.service/m);
  assert.match(r.stderr, /^debug: {3}exit status 0$/m);
  assert.match(r.stderr, /^debug: planner: units: daemon-reload yes; stop \[\]; reload \[\]; restart \[\]; start \[system-manager\.target\]/m);
  assert.doesNotMatch((await guest.run(`${CLI} switch --config /root/cvpre.config.ts --dry-run`, { timeoutMs: 240_000 })).stderr, /debug:/);
});
