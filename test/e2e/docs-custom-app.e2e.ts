/**
 * system-manager's documentation example docs/site/examples/custom-app.md,
 * its flake.nix, nginx.nix and bun-app.nix read from the mirror at test
 * time (skipped, saying why, without it), with templates/system.nix as
 * the system.nix its flake names ("much like the usual starting point"),
 * on a booted Debian 12 whose network is this machine's.
 *
 * As written its flake sets services.myapp.enable, an option nothing
 * declares: NixOS's "does not exist" error, located, nothing changed.
 * Without that line, pkgs.bun resolves (Bun's release binary, as nixpkgs
 * has it, from the npm registry: src/packages/prebuilt/) and the build
 * stops at the app's source, pkgs.fetchFromGitHub, saying github.com is
 * unreachable (only checked where it is). With github.com reachable, the
 * doc's fetchFromGitHub and its sha256 would be fetched and checked by
 * our fetchers instead; not tried here.
 *
 * nginx.nix with system.nix alone: nginx on port 80 proxies / and /health
 * to 127.0.0.1:3000, 502 while nothing listens there, a stand-in
 * listener's answers once one does. Then the whole example: bun-app.nix
 * as written, only its source stood in for (an overlay's fetchFromGitHub
 * giving a local "source" with the doc's own index.ts and a package.json
 * naming cowsay), on a guest given the `ubuntu` user an Ubuntu cloud
 * image has (useradd, as cloud-init makes it: the example's configuration
 * does not declare it, and system-manager leaves a user it does not own
 * alone). bunapp.service runs the store's bun as ubuntu; through nginx, /
 * answers the Welcome JSON, /health healthy and /cowsay the cow, cowsay
 * being installed by bun at first start into ubuntu's home. bun and
 * cowsay come from the npm registry: unreachable, the app is skipped
 * saying so. Where this machine reaches https through a proxy of its own
 * CA (NODE_EXTRA_CA_CERTS), the guest is given the same bundle, for the
 * CLI and, through the service manager's environment, for bun.
 * deactivate stops nginx and bunapp and removes their units.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { lookup } from "node:dns/promises";
import { rootCertificates } from "node:tls";
import type { Container } from "./container.ts";
import { docsExample, upstreamFile } from "./docs-example.ts";
import { portsInUse } from "./ports-in-use.ts";
import { CLI, e2eSkipReason, guestForFile } from "./project.ts";

const example = docsExample("custom-app");
const system = upstreamFile("templates/system.nix");
const busy = await portsInUse([80, 3000]);
const skip =
  e2eSkipReason() ??
  ("skip" in example ? example.skip : "skip" in system ? system.skip : undefined) ??
  (busy.length > 0 ? `port ${busy.join(" and ")} is in use on this machine, whose network the guest shares` : undefined);
const githubReachable = await lookup("github.com").then(() => true, () => false);
// The guest shares this machine's network: what is reachable here is reachable there.
const npmReachable = await fetch("https://registry.npmjs.org/cowsay", { method: "HEAD", signal: AbortSignal.timeout(10_000) }).then((r) => r.ok, () => false);
const APP_SKIP = npmReachable ? undefined : "the app cannot run here: pkgs.bun (Bun's release binary) and the cowsay its index.ts imports at start come from the npm registry, unreachable from here";
const DIR = "/root/custom-app";
/** The CAs this machine adds to Node's own (an intercepting proxy's), which the guest is given as GUEST_CA; undefined when none. */
const hostCa = (() => {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (file === undefined || !existsSync(file)) return undefined;
  const own = new Set(rootCertificates.map((c) => c.replace(/\s+/g, "")));
  const extra = (readFileSync(file, "utf8").match(/-----BEGIN CERTIFICATE-----[^]*?-----END CERTIFICATE-----/g) ?? []).filter((c) => !own.has(c.replace(/\s+/g, "")));
  return extra.length === 0 ? undefined : `${extra.join("\n")}\n`;
})();
const GUEST_CA = "/etc/ssl/host-extra-ca.crt";
const caEnv = hostCa === undefined ? "" : `NODE_EXTRA_CA_CERTS=${GUEST_CA} `;
const SWITCH_TIMEOUT = 15 * 60_000;

const [flake, nginx, bunApp] = "blocks" in example ? (example.blocks as [string, string, string]) : ["", "", ""];
const withoutMyapp = flake.replace(/\n\s*services\.myapp\.enable = true;/, "");
// Only the app's source is stood in for: fetchFromGitHub gives ./app, a store path named "source" as its own is.
const sourceStoodIn = withoutMyapp.replace(
  "./bun-app.nix\n",
  "./bun-app.nix\n            { nixpkgs.overlays = [ (final: prev: { fetchFromGitHub = { owner, repo, rev, sha256 }: builtins.path { path = ./app; name = \"source\"; }; }) ]; }\n",
);
const nginxOnly = withoutMyapp.replace(/\n\s*\.\/bun-app\.nix/, "");
const doc = upstreamFile("docs/site/examples/custom-app.md");
/** The doc's index.ts, and a package.json naming the cowsay it imports. */
const app = {
  "index.ts": "text" in doc ? (/^```typescript\n([^]*?)^```$/m.exec(doc.text)?.[1] ?? "") : "",
  "package.json": '{\n  "name": "typescript_app_for_system_manager",\n  "version": "1.0.0",\n  "dependencies": { "cowsay": "^1.6.0" }\n}\n',
};

let guest: Container;
guestForFile(skip, (g) => (guest = g));

const sh = (script: string, timeoutMs?: number) => guest.sh(script, timeoutMs);
const switchTo = async (flakeNix: string) => {
  const files = { "flake.nix": flakeNix, "system.nix": "text" in system ? system.text : "", "nginx.nix": nginx, "bun-app.nix": bunApp, ...Object.fromEntries(Object.entries(app).map(([n, t]) => [`app/${n}`, t])) };
  // The CLI fetches pkgs.bun over https from the first switch on: the guest has this machine's CAs before it.
  const ca = hostCa === undefined ? "" : `cat > ${GUEST_CA} <<'EOF'\n${hostCa}EOF\n`;
  await sh(`set -e\n${ca}mkdir -p ${DIR}/app\n${Object.entries(files).map(([name, body]) => `cat > ${DIR}/${name} <<'EOF'\n${body}EOF\n`).join("")}`);
  const r = await guest.run(`${caEnv}${CLI} switch --flake ${DIR}`, { timeoutMs: SWITCH_TIMEOUT });
  assert.doesNotMatch(r.stderr, /Ignoring extra certs/, "the guest lacks the CAs the CLI is told of");
  return { code: r.code, out: `${r.stdout}${r.stderr}` };
};
const untouched = () => sh("test -e /etc/systemd/system/nginx.service || test -e /etc/systemd/system/bunapp.service || test -e /run/system-manager/sw || echo untouched");
/** Status and body of a GET from inside the guest (its node: it has no curl). */
const get = (url: string) =>
  sh(`node -e 'require("node:http").get(process.argv[1], (r) => { let b = ""; r.on("data", (c) => (b += c)); r.on("end", () => process.stdout.write(r.statusCode + " " + b)); }).on("error", (e) => process.stdout.write("error " + e.code))' '${url}'`);

test("the example's files are what the mirror has", { skip }, () => {
  assert.match(flake, /services\.myapp\.enable = true;/);
  assert.match(flake, /\.\/system\.nix\n\s+\.\/nginx\.nix\n\s+\.\/bun-app\.nix/);
  assert.match(nginx, /proxyPass = "http:\/\/127\.0\.0\.1:3000";/);
  assert.match(bunApp, /pkgs\.fetchFromGitHub \{/);
  assert.match(bunApp, /ExecStart = "\$\{pkgs\.bun\}\/bin\/bun run index\.ts";/);
  assert.match(app["index.ts"], /^import cowsay from "cowsay";\n[^]*Bun\.serve\(\{\n\s+port: 3000,/);
  for (const changed of [withoutMyapp, sourceStoodIn, nginxOnly]) assert.notEqual(changed, flake);
  assert.doesNotMatch(nginxOnly, /bun-app/);
});

test("custom-app.md as written: services.myapp does not exist, located; nothing changed", { skip }, async () => {
  const r = await switchTo(flake);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /error: The option `services\.myapp' does not exist\. Definition values:\n\s+- In `\/root\/custom-app\/flake\.nix:\d+':/);
  assert.match(r.out, /at \/root\/custom-app\/flake\.nix:\d+:\d+:\n[^]*services\.myapp\.enable = true;/);
  assert.equal(await untouched(), "untouched\n");
});

test("without services.myapp: pkgs.bun resolves, the app's source cannot be fetched, github.com unreachable; nothing changed", { skip: skip ?? (githubReachable ? "github.com is reachable from here" : undefined) }, async () => {
  const r = await switchTo(withoutMyapp);
  assert.equal(r.code, 1, r.out);
  assert.doesNotMatch(r.out, /pkgs\.bun/);
  assert.match(r.out, /error: builder for '\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-source\.drv' failed: cannot download https:\/\/github\.com\/frecklefacelabs\/typescript_app_for_system_manager\/archive\/v1\.0\.0\.tar\.gz: github\.com is unreachable \(offline\?\): /);
  assert.equal(await untouched(), "untouched\n");
});

test("nginx.nix with system.nix: nginx proxies / and /health to port 3000, 502 while nothing listens there", { skip }, async () => {
  const r = await switchTo(nginxOnly);
  assert.equal(r.code, 0, r.out);
  assert.equal(await sh("systemctl is-active nginx.service"), "active\n", await guest.journal("nginx.service"));
  assert.match(await get("http://127.0.0.1/"), /^502 /);
  const app = (await sh(`nohup node -e 'require("node:http").createServer((q, s) => s.end("stand-in app at " + q.url)).listen(3000, "127.0.0.1")' >/dev/null 2>&1 &
echo $!
for i in $(seq 50); do node -e 'require("node:net").connect(3000, "127.0.0.1").on("connect", () => process.exit(0)).on("error", () => process.exit(1))' && break; sleep 0.2; done`)).trim();
  assert.equal(await get("http://127.0.0.1/hello"), "200 stand-in app at /hello");
  assert.equal(await get("http://127.0.0.1/health"), "200 stand-in app at /health");
  await sh(`kill ${app}`);
});

test("the example with its source stood in: bunapp runs the store's bun as ubuntu; through nginx / welcomes, /health is healthy, /cowsay answers", { skip: skip ?? APP_SKIP, timeout: SWITCH_TIMEOUT + 5 * 60_000 }, async () => {
  await sh("id ubuntu >/dev/null 2>&1 || useradd --create-home --user-group --shell /bin/bash ubuntu");
  if (hostCa !== undefined) await sh(`systemctl set-environment NODE_EXTRA_CA_CERTS=${GUEST_CA}`);
  const r = await switchTo(sourceStoodIn);
  assert.equal(r.code, 0, r.out);
  const bun = (await sh("readlink -f /run/system-manager/sw/bin/bun")).trim();
  assert.match(bun, /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-bun-1\.3\.13\/bin\/bun$/);
  assert.equal(await sh("bun=$(readlink -f /run/system-manager/sw/bin/bun); $bun --version; readlink ${bun%/bun}/bunx; head -1 ${bun%/bin/bun}/share/bash-completion/completions/bun.bash"), `1.3.13\n${bun}\n#/usr/bin/env bash\n`);
  // bun installs cowsay at first start, before it serves: / is waited for.
  const welcome = await sh(`for i in $(seq 300); do out=$(node -e 'require("node:http").get("http://127.0.0.1/", (r) => { let b = ""; r.on("data", (c) => (b += c)); r.on("end", () => process.stdout.write(r.statusCode + " " + b)); }).on("error", () => {})'); case "$out" in "200 "*) echo "$out"; exit 0;; esac; sleep 0.2; done; echo "$out"`, 120_000);
  assert.equal(welcome.trim(), '200 {"message":"Welcome to the Bun API!","status":"running","endpoints":["/","/health","/random","/cowsay"]}', await guest.journal("bunapp.service"));
  assert.equal(await sh("systemctl is-active bunapp.service nginx.service"), "active\nactive\n");
  const workdir = (await sh("systemctl show -p WorkingDirectory --value bunapp.service")).trim();
  assert.match(workdir, /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-source$/);
  assert.deepEqual((await sh(`ls ${workdir}`)).split("\n"), ["index.ts", "package.json", ""]);
  const pid = (await sh("systemctl show -p MainPID --value bunapp.service")).trim();
  assert.equal(await sh(`readlink /proc/${pid}/exe /proc/${pid}/cwd; stat -c %U /proc/${pid}; tr '\\0' ' ' < /proc/${pid}/cmdline`), `${bun}\n${workdir}\nubuntu\n${bun} run index.ts `);
  assert.equal(await get("http://127.0.0.1/health"), '200 {"status":"healthy"}');
  const cow = await get("http://127.0.0.1/cowsay");
  assert.match(cow, /^200 [^]*< Deployed with System Manager and Nix! >[^]*\(oo\)/);
  assert.match(await sh("ls /home/ubuntu/.bun/install/cache"), /cowsay/);
});

test("deactivate stops nginx and bunapp and removes their units; the ubuntu user stays", { skip }, async () => {
  const r = await guest.run(`${CLI} deactivate`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  assert.equal(await sh("systemctl is-active nginx.service || true; test -e /etc/systemd/system/nginx.service || echo gone"), "inactive\ngone\n");
  assert.equal(await sh("systemctl is-active bunapp.service || true; test -e /etc/systemd/system/bunapp.service || echo gone"), "inactive\ngone\n");
  if (APP_SKIP === undefined) assert.equal(await sh("id -un ubuntu"), "ubuntu\n");
});
