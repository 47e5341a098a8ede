/**
 * The seed's Usage with --sudo, by a sudo user whose home only they can
 * read, from their own clone (issue #10): `npm ci`, switch the example,
 * switch a changed copy of it, then take away everything the build ran
 * from — the clone, the changed flake, node on PATH — and check that the
 * generation stands on its own: nothing in the store names the checkout
 * or the host's node, alice's unit comes back after a reboot, and an
 * upgraded CLI (another install, run with node by its full path) rolls
 * back to the first generation.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cloneInto } from "./clone.ts";
import { Container } from "./container.ts";
import { GUEST_NODE, GUEST_NODE_LINKS, GUEST_NODE_PREFIX } from "./node.ts";
import { e2eSkipReason, GUEST_DIR, projectBinds } from "./project.ts";
import { output, runAs } from "./newcomer.ts";
import { NO_GITHUB } from "../helpers/no-network.ts";

const skip = e2eSkipReason();
const HOME = "/home/bob";
const CLONE = `${HOME}/system-manager`;
const EXAMPLE2 = `${HOME}/example2`;
const STORE = "/var/lib/system-manager/store";
const FIRST_TEXT = "Hello from home-manager!";
const SECOND_TEXT = "Hello again!";
const LONG = 10 * 60_000;
/** No GitHub (a closed loopback port): the seed's nixpkgs and home-manager are the built-in ones, online or not. */
const NO_NET = Object.entries(NO_GITHUB).map(([k, v]) => `${k}=${v}`).join(" ");

test("seed Usage with --sudo from bob's clone (home 0700): two generations, then no clone, no node on PATH, a reboot and a rollback", { skip, timeout: 30 * 60_000 }, async () => {
  // The project bound at /opt/system-manager is the "upgraded CLI" of the last step only.
  const c = await Container.boot({ binds: projectBinds() });
  const sh = async (script: string, what: string, timeoutMs?: number) => {
    const r = await c.run(script, { timeoutMs });
    assert.equal(r.code, 0, `${what}: ${script}\n${output(r)}`);
    return r.stdout;
  };
  const hello = () => sh("runuser -u alice -- cat /home/alice/.config/example/hello.txt", "alice's hello.txt");
  const unitState = () =>
    sh(
      "systemctl status home-manager-alice.service >/dev/null; echo status=$?; systemctl show -p ActiveState -p SubState -p ExecMainStatus home-manager-alice.service | sort",
      "home-manager-alice.service's state",
    );
  const ACTIVE_EXITED_0 = "status=0\nActiveState=active\nExecMainStatus=0\nSubState=exited\n";
  try {
    await sh(
      `useradd -m -s /bin/bash bob && chmod 0700 ${HOME} && echo 'bob ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/bob && chmod 0440 /etc/sudoers.d/bob`,
      "making bob",
    );
    await cloneInto(c, CLONE, "bob");

    const ci = await runAs(c, "bob", `cd ${CLONE} && npm ci`, LONG);
    assert.equal(ci.code, 0, `npm ci as bob in his clone failed:\n${output(ci)}`);

    const first = await runAs(c, "bob", `cd ${CLONE} && ${NO_NET} npx system-manager switch --flake ${CLONE}/examples/home-manager --sudo`, LONG);
    assert.equal(first.code, 0, `the first switch --sudo failed:\n${output(first)}`);
    assert.equal(await hello(), `${FIRST_TEXT}\n`);

    // A second generation: a copy of the example flake (with its lock file) whose text says something else.
    const edit = await runAs(
      c,
      "bob",
      `cp -a ${CLONE}/examples/home-manager ${EXAMPLE2} && sed -i 's/${FIRST_TEXT}/${SECOND_TEXT}/' ${EXAMPLE2}/flake.nix && grep -c '${SECOND_TEXT}' ${EXAMPLE2}/flake.nix && ls ${EXAMPLE2}`,
    );
    assert.equal(edit.code, 0, `the seed's flake no longer says "${FIRST_TEXT}"? ${output(edit)}`);
    assert.match(edit.stdout, /^1\n/);
    assert.match(edit.stdout, /^(flake\.lock|system-manager\.lock)$/m, "the example flake has a lock file beside it");
    const second = await runAs(c, "bob", `cd ${CLONE} && ${NO_NET} npx system-manager switch --flake ${EXAMPLE2} --sudo`, LONG);
    assert.equal(second.code, 0, `the second switch --sudo failed:\n${output(second)}`);
    assert.equal(await hello(), `${SECOND_TEXT}\n`);

    // Take away what the build ran from: the clone, the changed flake, and node, npm and npx on PATH.
    await sh(`rm -rf ${CLONE} ${EXAMPLE2} && rm ${GUEST_NODE_LINKS.map(([link]) => link).join(" ")}`, "removing the clone and node from PATH");
    for (const user of ["root", "bob", "alice"]) {
      const gone = await c.run(`runuser -u ${user} -- bash -lc 'command -v node npm npx; true'`);
      assert.equal(gone.stdout, "", `node is still on ${user}'s PATH`);
    }
    const needles = [CLONE, GUEST_NODE_PREFIX, ...GUEST_NODE_LINKS.map(([link]) => link)];
    const grep = await c.run(
      `test -d ${STORE} || echo 'no ${STORE}'; grep -rlF ${needles.map((n) => `-e '${n}'`).join(" ")} ${STORE}; find ${STORE} -type l \\( ${needles.map((n) => `-lname '*${n}*'`).join(" -o ")} \\) -printf '%p -> %l\\n'`,
      { timeoutMs: LONG },
    );
    assert.equal(grep.stdout, "", `the store names the checkout or the host's node (${needles.join(", ")}); files and links that do:\n${grep.stdout}${grep.stderr}`);

    await c.reboot();
    assert.match(c.bootState, /^(running|degraded)$/, `after the reboot is-system-running said ${c.bootState}`);
    assert.equal(await unitState(), ACTIVE_EXITED_0, `home-manager-alice.service after the reboot; its journal:\n${await c.journal("home-manager-alice.service")}`);
    assert.equal(await hello(), `${SECOND_TEXT}\n`);

    // An upgraded CLI (another install of the project), run with node by its full path: node is not on PATH.
    const rollback = await c.runArgv([GUEST_NODE, `${GUEST_DIR}/bin/system-manager.js`, "rollback"], { timeoutMs: LONG });
    assert.equal(rollback.code, 0, `rollback with ${GUEST_NODE} ${GUEST_DIR}/bin/system-manager.js failed:\n${output(rollback)}`);
    assert.equal(await hello(), `${FIRST_TEXT}\n`);
    assert.equal(await unitState(), ACTIVE_EXITED_0, `home-manager-alice.service after the rollback; its journal:\n${await c.journal("home-manager-alice.service")}`);
  } finally {
    await c.shutdown();
  }
});
