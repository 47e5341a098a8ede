/**
 * system-manager's documentation example docs/site/examples/custom-app.md,
 * its flake.nix, nginx.nix and bun-app.nix read from the mirror at test
 * time (skipped, saying why, without it), with templates/system.nix as
 * the system.nix its flake names ("much like the usual starting point"),
 * on a booted Debian 12 whose network is this machine's.
 *
 * As written its flake sets services.myapp.enable, an option nothing
 * declares: NixOS's "does not exist" error, located, nothing changed.
 * Without that line, bun-app.nix's pkgs.bun stops it: nixpkgs' bun is
 * GitHub's release binary and Debian has none. With bun stood in for by
 * an overlay, the build stops at the app's source, pkgs.fetchFromGitHub,
 * saying github.com is unreachable (only checked where it is).
 *
 * What can run here does: nginx.nix with system.nix switches, nginx on
 * port 80 proxies / and /health to 127.0.0.1:3000 — a stand-in listener
 * of the test's while the app cannot be had — and says 502 without it.
 * The app itself is skipped with the reason. deactivate stops nginx.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { lookup } from "node:dns/promises";
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
const APP_SKIP = `the app cannot run here: its runtime pkgs.bun is nixpkgs' GitHub release binary, which Debian does not package${githubReachable ? "" : ", and its source (pkgs.fetchFromGitHub frecklefacelabs/typescript_app_for_system_manager v1.0.0) is on github.com, unreachable from here"}`;
const DIR = "/root/custom-app";
const SWITCH_TIMEOUT = 15 * 60_000;

const [flake, nginx, bunApp] = "blocks" in example ? (example.blocks as [string, string, string]) : ["", "", ""];
const withoutMyapp = flake.replace(/\n\s*services\.myapp\.enable = true;/, "");
const bunStoodIn = withoutMyapp.replace("./bun-app.nix\n", "./bun-app.nix\n            { nixpkgs.overlays = [ (final: prev: { bun = prev.nodejs; }) ]; }\n");
const nginxOnly = withoutMyapp.replace(/\n\s*\.\/bun-app\.nix/, "");

let guest: Container;
guestForFile(skip, (g) => (guest = g));

const sh = (script: string, timeoutMs?: number) => guest.sh(script, timeoutMs);
const switchTo = async (flakeNix: string) => {
  const files = { "flake.nix": flakeNix, "system.nix": "text" in system ? system.text : "", "nginx.nix": nginx, "bun-app.nix": bunApp };
  await sh(`set -e\nmkdir -p ${DIR}\n${Object.entries(files).map(([name, body]) => `cat > ${DIR}/${name} <<'EOF'\n${body}EOF\n`).join("")}`);
  const r = await guest.run(`${CLI} switch --flake ${DIR}`, { timeoutMs: SWITCH_TIMEOUT });
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
  for (const changed of [withoutMyapp, bunStoodIn, nginxOnly]) assert.notEqual(changed, flake);
  assert.doesNotMatch(nginxOnly, /bun-app/);
});

test("custom-app.md as written: services.myapp does not exist, located; nothing changed", { skip }, async () => {
  const r = await switchTo(flake);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /error: The option `services\.myapp' does not exist\. Definition values:\n\s+- In `\/root\/custom-app\/flake\.nix:\d+':/);
  assert.match(r.out, /at \/root\/custom-app\/flake\.nix:\d+:\d+:\n[^]*services\.myapp\.enable = true;/);
  assert.equal(await untouched(), "untouched\n");
});

test("without services.myapp: pkgs.bun, which Debian does not package, located in bun-app.nix; nothing changed", { skip }, async () => {
  const r = await switchTo(withoutMyapp);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /error: Cannot use pkgs\.bun: Debian does not package it; install Nix to use nixpkgs' bun, or remove it from the configuration\n\s+at \/root\/custom-app\/bun-app\.nix:\d+:\d+:/);
  assert.equal(await untouched(), "untouched\n");
});

test("with bun stood in for: the app's source cannot be fetched, github.com unreachable; nothing changed", { skip: skip ?? (githubReachable ? "github.com is reachable from here" : undefined) }, async () => {
  const r = await switchTo(bunStoodIn);
  assert.equal(r.code, 1, r.out);
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

test("the app answers through nginx", { skip: skip ?? APP_SKIP }, () => {});

test("deactivate stops nginx and removes its unit", { skip }, async () => {
  const r = await guest.run(`${CLI} deactivate`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  assert.equal(await sh("systemctl is-active nginx.service || true; test -e /etc/systemd/system/nginx.service || echo gone"), "inactive\ngone\n");
});
