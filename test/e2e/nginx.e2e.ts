/**
 * services.nginx on a booted Debian 12 with Debian's nginx realised into
 * the store (pkgs.nginx): a switch starts nginx.service through
 * system-manager.target and the virtual host serves its root's page over
 * loopback; a second switch with a new page restarts it and the new page
 * is served; `systemctl reload` works (ExecReload's config test and HUP);
 * an extraConfig nginx rejects stops the switch with nginx's message and
 * the page is still served; deactivate stops nginx. The guest shares the
 * host's network: the host listens on loopback and an unusual port only.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { CLI, e2eSkipReason, guestForFile } from "./project.ts";

const skip = e2eSkipReason();
const PORT = 18068;
const SWITCH_TIMEOUT = 15 * 60_000;

const flake = (page: string, extraConfig = "") => `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { system-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [ ({ pkgs, ... }: {
        nixpkgs.hostPlatform = "x86_64-linux";
        services.nginx = {
          enable = true;
          recommendedGzipSettings = true;
          recommendedOptimisation = true;
          virtualHosts.site = {
            listen = [ { addr = "127.0.0.1"; port = ${PORT}; } ];
            root = "\${pkgs.writeTextDir "index.html" "${page}"}";
            locations."/conf/".alias = "\${pkgs.nginx}/conf/";
            locations."/html/".alias = "\${pkgs.nginx}/html/";
            extraConfig = "${extraConfig}";
          };
        };
      }) ];
    };
  };
}
`;

let guest: Container;
guestForFile(skip, (g) => (guest = g));

const sh = (script: string, timeoutMs?: number) => guest.sh(script, timeoutMs);

const writeFlake = (text: string) => sh(`mkdir -p /root/site && cat > /root/site/flake.nix <<'EOF'\n${text}EOF`);
/** Status and body of a GET over loopback (the guest's node; it has no curl). */
const get = (path: string) =>
  sh(`node -e 'fetch("http://127.0.0.1:${PORT}${path}").then(async (r) => process.stdout.write(r.status + " " + (await r.text()))).catch((e) => process.stdout.write("refused " + e.cause?.code))'`);
const nginxPid = () => sh("systemctl show -p MainPID --value nginx.service").then((s) => s.trim());
const journal = async () => (await guest.journal("nginx.service")).slice(-3000);

let firstPid = "";

test("switch starts nginx.service, which serves the virtual host's root over loopback", { skip }, async () => {
  await writeFlake(flake("hello from nginx, one"));
  const r = await guest.run(`${CLI} switch --flake /root/site`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(r.code, 0, `switch failed:\n${r.stdout}${r.stderr}`);
  assert.equal(await sh("systemctl is-active nginx.service system-manager.target | sort -u"), "active\n", await journal());
  assert.equal(await get("/"), "200 hello from nginx, one");
  assert.match(await get("/conf/mime.types"), /^200 \ntypes \{\n/, "pkgs.nginx's conf/ is Debian's nginx-common /etc/nginx");
  assert.match(await get("/html/index.html"), /^200 [^]*<h1>Welcome to nginx!<\/h1>/, "and its html/ nginx-common's /usr/share/nginx/html, as the docs' examples use it");
  const show = (p: string) => sh(`systemctl show -p ${p} --value nginx.service`);
  assert.deepEqual([await show("User"), await show("DynamicUser"), await show("RuntimeDirectory")], ["nginx\n", "yes\n", "nginx\n"]);
  assert.equal(await sh("ps -o user= -C nginx | sort -u"), "nginx\n", "master and workers run as nginx (uid 980)");
  assert.equal(await sh("id -u nginx; id -g nginx"), "980\n980\n");
  firstPid = await nginxPid();
});

test("systemctl reload re-tests the configuration and signals nginx: same process, still serving", { skip }, async () => {
  await sh("systemctl reload nginx.service");
  assert.equal(await nginxPid(), firstPid);
  assert.equal(await get("/"), "200 hello from nginx, one");
});

test("a second switch with a new page restarts nginx, which serves the new page", { skip }, async () => {
  await writeFlake(flake("hello from nginx, two"));
  const r = await guest.run(`${CLI} switch --flake /root/site`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(r.code, 0, `switch failed:\n${r.stdout}${r.stderr}`);
  assert.notEqual(await nginxPid(), firstPid, "restarted");
  assert.equal(await get("/"), "200 hello from nginx, two", await journal());
});

test("an extraConfig nginx rejects: switch exits 1 with nginx's message, nothing changes, the page is still served", { skip }, async () => {
  const pid = await nginxPid();
  const unit = await sh("sha256sum /etc/systemd/system/nginx.service");
  await writeFlake(flake("hello from nginx, three", "bogus_directive on;"));
  for (const flag of ["--dry-run", ""]) {
    const r = await guest.run(`${CLI} switch ${flag} --flake /root/site`, { timeoutMs: SWITCH_TIMEOUT });
    assert.equal(r.code, 1, `${flag}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /nginx rejects the configuration generated from services\.nginx\.\{enable, recommendedGzipSettings, recommendedOptimisation, virtualHosts\} \(defined in [^)]+\), checked with `\S+\/bin\/nginx -t -c \S+-nginx\.conf':\n.*unknown directive "bogus_directive"/, r.stderr);
  }
  assert.equal(await sh("sha256sum /etc/systemd/system/nginx.service"), unit);
  assert.equal(await nginxPid(), pid);
  assert.equal(await get("/"), "200 hello from nginx, two");
});

test("deactivate stops nginx and removes its unit; nothing listens any more", { skip }, async () => {
  await sh(`${CLI} deactivate`);
  assert.equal((await guest.run("systemctl is-active nginx.service")).stdout, "inactive\n");
  assert.equal(await sh("test -e /etc/systemd/system/nginx.service && echo unit || echo gone"), "gone\n");
  assert.match(await get("/"), /^refused ECONNREFUSED$/);
});
