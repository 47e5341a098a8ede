/**
 * system-manager's documentation examples docs/site/examples/nginx.md and
 * nginx-https.md, read from the mirror at test time (skipped, saying why,
 * without it), on a booted Debian 12 whose network is this machine's: the
 * examples listen on ports 80 and 443, so the file skips, saying so, when
 * something here already does.
 *
 * nginx.md as written enables services.nginx (NixOS's module, which
 * system-manager imports) and also declares its own systemd.services.nginx
 * with another description: NixOS refuses that with a conflict on
 * systemd.services.nginx.description, and so do we, changing nothing. With
 * `nginx.enable = false` (its own unit is the example's point) the switch
 * installs hello, mariadb and nginx, writes /etc/nginx/nginx.conf naming
 * `${pkgs.nginx}/conf/mime.types` and `${pkgs.nginx}/html`, and nginx
 * serves its welcome page on port 80; a second switch leaves it running.
 *
 * nginx-https.md as written has an unclosed attribute set (its chain.pem's
 * `};` is commented out): a syntax error at its end. With that brace back
 * and a certificate and key made here in place of its placeholders, port
 * 80 redirects to https and port 443 serves the page over TLS 1.2/1.3
 * with HSTS. deactivate stops nginx and removes what the switches added.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Container } from "./container.ts";
import { docsExample, flakeOf } from "./docs-example.ts";
import { portsInUse } from "./ports-in-use.ts";
import { CLI, e2eSkipReason, guestForFile } from "./project.ts";

const http = docsExample("nginx");
const https = docsExample("nginx-https");
const busy = await portsInUse([80, 443]);
const skip =
  e2eSkipReason() ??
  ("skip" in http ? http.skip : "skip" in https ? https.skip : undefined) ??
  (busy.length > 0 ? `port ${busy.join(" and ")} is in use on this machine, whose network the guest shares` : undefined);
const DIR = "/root/nginx-example";
const SWITCH_TIMEOUT = 15 * 60_000;
const SW = "/run/system-manager/sw/bin";

const asWritten = "blocks" in http ? (http.blocks[0] as string) : "";
/** nginx.md with its own unit only: services.nginx left off. */
const ownUnit = asWritten.replace("nginx.enable = true;", "nginx.enable = false;");
const httpsAsWritten = "blocks" in https ? (https.blocks[0] as string) : "";

let guest: Container;
guestForFile(skip, (g) => (guest = g));

const sh = (script: string, timeoutMs?: number) => guest.sh(script, timeoutMs);
const show = (unit: string, prop: string) => sh(`systemctl show -p ${prop} --value ${unit}`).then((v) => v.trim());
const write = (module: string) => sh(`set -e\nmkdir -p ${DIR}\ncat > ${DIR}/flake.nix <<'EOF'\n${flakeOf(["nginx.nix"])}EOF\ncat > ${DIR}/nginx.nix <<'EOF'\n${module}EOF\n`);
const switchTo = async () => {
  const r = await guest.run(`${CLI} switch --flake ${DIR}`, { timeoutMs: SWITCH_TIMEOUT });
  return { code: r.code, out: `${r.stdout}${r.stderr}` };
};
/** A GET from inside the guest (its node: it has no curl), TLS unverified: status, headers, body and the TLS version, or the error's code. */
type Got = { status?: number; headers?: Record<string, string>; body?: string; tls?: string; error?: string };
const GET = `const [u] = process.argv.slice(1); const m = require(u.startsWith("https:") ? "node:https" : "node:http");
m.get(u, { rejectUnauthorized: false, timeout: 10000 }, (r) => { const tls = r.socket.getProtocol?.(); let body = ""; r.on("data", (c) => (body += c)); r.on("end", () => console.log(JSON.stringify({ status: r.statusCode, headers: r.headers, body, tls }))); })
  .on("error", (e) => console.log(JSON.stringify({ error: e.code })));`;
const get = async (url: string): Promise<Got> => JSON.parse(await sh(`node -e '${GET}' '${url}'`)) as Got;
/** A self-signed certificate and its key, made with this machine's openssl in a temporary directory. */
function selfSigned(name: string): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), "sm-cert-"));
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", `/CN=${name}`, "-keyout", join(dir, "key"), "-out", join(dir, "cert")], { stdio: "ignore" });
    return { cert: readFileSync(join(dir, "cert"), "utf8"), key: readFileSync(join(dir, "key"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const untouched = () => sh("test -e /etc/systemd/system/nginx.service || test -e /etc/nginx/nginx.conf || test -e /run/system-manager/sw || echo untouched");

test("the example as the mirror has it enables services.nginx and declares its own nginx unit", { skip }, () => {
  assert.match(asWritten, /nginx\.enable = true;/);
  assert.match(asWritten, /ExecStart = "\$\{pkgs\.nginx\}\/bin\/nginx -c \/etc\/nginx\/nginx\.conf";/);
  assert.match(asWritten, /include {13}\$\{pkgs\.nginx\}\/conf\/mime\.types;/);
  assert.notEqual(ownUnit, asWritten);
});

test("nginx.md as written: NixOS's conflict on systemd.services.nginx.description, located, nothing changed", { skip }, async () => {
  await write(asWritten);
  const r = await switchTo();
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /The option `systemd\.services\.nginx\.description' has conflicting definition values:\n\s+- In `[^']*nginx[^']*': "Nginx Web Server"\n\s+- In `\/root\/nginx-example\/nginx\.nix:\d+': "A high performance web server and reverse proxy server"/);
  assert.match(r.out, /at \/root\/nginx-example\/nginx\.nix:\d+:\d+:/);
  assert.equal(await untouched(), "untouched\n");
});

test("nginx.md with its own unit: nginx serves the welcome page on port 80; hello and mariadb are installed", { skip }, async () => {
  await write(ownUnit);
  const r = await switchTo();
  assert.equal(r.code, 0, r.out);
  assert.deepEqual([await show("nginx.service", "ActiveState"), await show("nginx.service", "SubState")], ["active", "running"], await guest.journal("nginx.service"));
  assert.equal(await show("nginx.service", "Description"), "A high performance web server and reverse proxy server");
  const page = await get("http://127.0.0.1:80/");
  assert.equal(page.status, 200, JSON.stringify(page));
  assert.match(page.body ?? "", /<title>Welcome to nginx!<\/title>/);
  assert.match(page.headers?.["content-type"] ?? "", /^text\/html/, "the types of ${pkgs.nginx}/conf/mime.types");
  const conf = await sh("cat /etc/nginx/nginx.conf; stat -c '%a %U %G' /etc/nginx/nginx.conf");
  assert.match(conf, /include {13}\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-nginx-[^/]+\/conf\/mime\.types;/);
  assert.match(conf, /644 root root\n$/);
  assert.equal(await sh("test -d /var/log/nginx && test -s /var/log/nginx/access.log && echo logged"), "logged\n");
  assert.equal(await sh(`${SW}/hello`), "Hello, world!\n");
  assert.match(await sh(`${SW}/mariadb --version; ${SW}/mariadbd --version`), /^\S*mariadb\s.*MariaDB.*\n\S*mariadbd\s+Ver .*MariaDB/s);
});

test("nginx.md: a second switch leaves nginx running as it was", { skip }, async () => {
  const pid = await show("nginx.service", "MainPID");
  const r = await switchTo();
  assert.equal(r.code, 0, r.out);
  assert.equal(await show("nginx.service", "MainPID"), pid);
  assert.match((await get("http://127.0.0.1/")).body ?? "", /Welcome to nginx!/);
});

test("nginx-https.md as written: the syntax error at its end, located; nginx keeps serving", { skip }, async () => {
  await write(httpsAsWritten);
  const r = await switchTo();
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /error: syntax error, unexpected end of file, expecting ';'\n\s+at \/root\/nginx-example\/nginx\.nix:\d+:\d+:/);
  assert.match((await get("http://127.0.0.1/")).body ?? "", /Welcome to nginx!/);
});

test("nginx-https.md with its brace and a certificate made here: port 80 redirects, port 443 serves over TLS with HSTS", { skip }, async () => {
  const { cert, key } = selfSigned("demo.frecklefacelabs.com");
  const module = httpsAsWritten
    .replace("        #};\n", "        };\n")
    .replace(/-----BEGIN CERTIFICATE-----\nMII[^]*?-----END CERTIFICATE-----\n/, cert)
    .replace(/-----BEGIN PRIVATE KEY-----\n[^]*?-----END PRIVATE KEY-----\n/, key);
  assert.notEqual(module, httpsAsWritten);
  await write(module);
  const r = await switchTo();
  assert.equal(r.code, 0, r.out);
  assert.equal(await show("nginx.service", "ActiveState"), "active", await guest.journal("nginx.service"));
  assert.equal(await sh("stat -c '%a %U' /etc/ssl/private/your-domain.key /etc/ssl/certs/your-domain.crt"), "600 root\n644 root\n");
  const redirect = await get("http://127.0.0.1/page");
  assert.deepEqual([redirect.status, redirect.headers?.location], [301, "https://demo.frecklefacelabs.com/page"], JSON.stringify(redirect));
  const served = await get("https://127.0.0.1/");
  assert.equal(served.status, 200, JSON.stringify(served));
  assert.match(served.tls ?? "", /^TLSv1\.[23]$/);
  assert.equal(served.headers?.["strict-transport-security"], "max-age=31536000; includeSubDomains");
  assert.match(served.body ?? "", /Welcome to nginx!/);
});

test("deactivate stops nginx and removes its unit and /etc files; port 80 is free again", { skip }, async () => {
  const r = await guest.run(`${CLI} deactivate`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  assert.equal(await sh("systemctl is-active nginx.service || true"), "inactive\n");
  assert.equal(await sh("for f in systemd/system/nginx.service nginx/nginx.conf ssl/private/your-domain.key ssl/certs/your-domain.crt; do test -e /etc/$f && echo $f; done; true"), "");
  assert.equal((await get("http://127.0.0.1/")).error, "ECONNREFUSED");
});
