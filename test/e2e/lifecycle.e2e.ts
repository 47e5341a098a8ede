/**
 * The whole CLI lifecycle on a booted systemd: switch, switch to a changed
 * configuration, rollback (the previous units back and running), and
 * deactivate (everything ours gone, users locked).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { CLI, e2eSkipReason, guestForFile } from "./project.ts";

const skip = e2eSkipReason();

const config = (services: string, etc: string) => `import { defineConfig } from "system-manager";
export default defineConfig({ modules: [{
  nixpkgs: { hostPlatform: "x86_64-linux" },
  users: { groups: { alice: { gid: 5000 } }, users: { alice: { isNormalUser: true, uid: 5000, group: "alice", initialPassword: "pw" } } },
  environment: { etc: ${etc} },
  systemd: { services: ${services} },
}] });
`;
const FIRST = config(`{ demo: { wantedBy: ["multi-user.target"], script: "exec sleep infinity" } }`, `{ "demo.conf": { text: "one\\n" } }`);
const SECOND = config(`{ other: { wantedBy: ["multi-user.target"], script: "exec sleep infinity" } }`, `{ "other.conf": { text: "two\\n" } }`);

let guest: Container;
guestForFile(skip, (g) => (guest = g));

async function sh(script: string): Promise<string> {
  const r = await guest.run(script);
  assert.equal(r.code, 0, `${script}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

const state = (u: string) => `systemctl is-active ${u} || true`;

test("switch, then a changed configuration: the removed service stops, the new one runs", { skip }, async () => {
  await sh(`cat > /root/first.config.ts <<'EOF'\n${FIRST}EOF\ncat > /root/second.config.ts <<'EOF'\n${SECOND}EOF`);
  await sh(`${CLI} switch --config /root/first.config.ts`);
  assert.equal(await sh(`${state("demo.service")}; cat /etc/demo.conf`), "active\none\n");
  await sh(`${CLI} switch --config /root/second.config.ts`);
  assert.equal(await sh(`${state("demo.service")}; ${state("other.service")}; test -e /etc/demo.conf || echo gone`), "inactive\nactive\ngone\n");
});

test("rollback brings the previous generation's units back, running", { skip }, async () => {
  const out = await sh(`${CLI} rollback 2>&1`);
  assert.match(out, /^Generation 1 \(made current again\):/m);
  assert.equal(await sh(`${state("demo.service")}; ${state("other.service")}; cat /etc/demo.conf; ${CLI} generations | grep -c current`), "active\ninactive\none\n1\n");
});

test("deactivate removes everything ours, stops our units and locks our users", { skip }, async () => {
  await sh(`${CLI} deactivate`);
  const out = await sh(
    `${state("demo.service")}; ${state("system-manager.target")}; test -e /etc/systemd/system/demo.service || echo no-unit; test -e /etc/demo.conf || echo no-conf; getent shadow alice | cut -d: -f2 | cut -c1`,
  );
  assert.equal(out, "inactive\ninactive\nno-unit\nno-conf\n!\n");
});
