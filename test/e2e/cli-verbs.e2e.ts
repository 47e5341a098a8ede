/**
 * pre-populate and --ephemeral on a booted Debian 12, across a reboot of
 * the guest: pre-populate puts the unit and the /etc file in place
 * without starting the unit, and the boot starts it (the image-build
 * case); switch --ephemeral puts them under /run (the unit loaded from
 * /run/systemd/system and running, the file in /run/etc, nothing in
 * /etc but for the unit's job script, which it runs from there), they
 * are gone after the reboot, and a switch again brings them back.
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

test("-v on the booted host: the planner's units decision and every systemctl command run are debug lines", { skip }, async () => {
  const r = await guest.run(`${CLI} -v switch --config /root/cvpre.config.ts --dry-run`, { timeoutMs: 240_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^debug: running systemctl --version$/m);
  assert.match(r.stderr, /^debug: running systemctl --no-pager --no-ask-password show .*cvpre\.service/m);
  assert.match(r.stderr, /^debug: {3}exit status 0$/m);
  assert.match(r.stderr, /^debug: planner: units: daemon-reload yes; stop \[\]; reload \[\]; restart \[\]; start \[system-manager\.target\]/m);
  assert.doesNotMatch((await guest.run(`${CLI} switch --config /root/cvpre.config.ts --dry-run`, { timeoutMs: 240_000 })).stderr, /debug:/);
});
