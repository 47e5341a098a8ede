import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EvalStore } from "../../nix/eval-store.ts";
import { createEvaluator } from "../../nix/evaluate.ts";
import { nixLib } from "../../lib/index.ts";
import { force, NixAttrs, NixString, type Lazy } from "../../nix/value.ts";
import { STORE_DIR } from "../../store/store-path.ts";
import { narHash } from "../../store/nar.ts";
import { nixpkgsPackageSet } from "./index.ts";
import { realiseStorePaths } from "./realise.ts";
import { httpDownload } from "./fetch-url.ts";

async function serving(files: Record<string, Buffer>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const body = files[req.url ?? ""];
    res.writeHead(body === undefined ? 404 : 200).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address() as { port: number };
  return { url: `http://127.0.0.1:${addr.port}`, server };
}

function world() {
  const store = new EvalStore(STORE_DIR);
  const evaluator = createEvaluator({ store, pure: true });
  const lib = nixLib({ store, copyToStore: evaluator.state.copyToStore, io: evaluator.state.io, importPath: (p) => evaluator.importPath(p) });
  const host = NixAttrs.from({ outPath: "/usr", type: "derivation", name: "host" });
  const pkgs = nixpkgsPackageSet({ system: "x86_64-linux", lib, evaluator, tools: { bash: host, initialPath: [host] } });
  const root = mkdtempSync(join(tmpdir(), "nixpkgs-fetch-"));
  const path = (expr: string) => force((force(evaluator.evalSource(`pkgs: "\${${expr}}"`, "«test»", "/")) as { call(a: Lazy): Lazy }).call(pkgs)) as NixString;
  // GitHub's https URLs are served over plain HTTP on loopback here.
  const download = (u: string) => httpDownload(u.replace(/^https:/, "http:"));
  const build = async (expr: string) => {
    const s = path(expr);
    await realiseStorePaths(s.context, { root, stores: [store], download });
    return s.s;
  };
  return { root, build, path, evaluator, pkgs };
}

test("fetchurl is a fixed-output download checked against its hash; a mismatch is Nix's error and leaves nothing", async () => {
  const data = Buffer.from("some data\n");
  const { url, server } = await serving({ "/f.txt": data });
  const w = world();
  try {
    const sri = `sha256-${createHash("sha256").update(data).digest("base64")}`;
    const p = await w.build(`pkgs.fetchurl { url = "${url}/f.txt"; hash = "${sri}"; }`);
    assert.match(p, /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-f\.txt$/);
    assert.deepEqual(readFileSync(join(w.root, p)), data);
    const wrong = `sha256-${createHash("sha256").update("other").digest("base64")}`;
    await assert.rejects(w.build(`pkgs.fetchurl { url = "${url}/f.txt"; hash = "${wrong}"; name = "g.txt"; }`), (e: Error) =>
      e.message.startsWith("hash mismatch in fixed-output derivation '") && e.message.includes(`specified: ${wrong}`) && e.message.includes(`got:    ${sri}`));
    assert.ok(!existsSync(join(w.root, w.path(`pkgs.fetchurl { url = "${url}/f.txt"; hash = "${wrong}"; name = "g.txt"; }`).s)));
    await assert.rejects(w.build(`pkgs.fetchurl { url = "${url}/missing"; hash = "${sri}"; name = "m"; }`), /cannot download .*HTTP error 404/);
    const closed = await new Promise<string>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(`http://127.0.0.1:${port}`));
      });
    });
    await assert.rejects(w.build(`pkgs.fetchurl { url = "${closed}/gone"; hash = "${sri}"; name = "u"; }`), (e: Error) =>
      e.message.includes(`cannot download ${closed}/gone: ${closed.slice(7)} is unreachable (offline?): connect ECONNREFUSED`));
  } finally {
    server.close();
    rmSync(w.root, { recursive: true, force: true });
  }
});

test("fetchFromGitHub/fetchzip: the archive unpacked without its top directory, checked by its NAR hash", async () => {
  const src = mkdtempSync(join(tmpdir(), "nixpkgs-zip-"));
  mkdirSync(join(src, "repo-rev/sub"), { recursive: true });
  writeFileSync(join(src, "repo-rev/README"), "hi\n");
  writeFileSync(join(src, "repo-rev/sub/x"), "x\n");
  spawnSync("tar", ["-czf", join(src, "a.tar.gz"), "-C", src, "repo-rev"]);
  const hash = narHash(join(src, "repo-rev"));
  const { url, server } = await serving({ "/o/r/archive/rev.tar.gz": readFileSync(join(src, "a.tar.gz")) });
  const w = world();
  try {
    const p = await w.build(`pkgs.fetchFromGitHub { githubBase = "${url.slice("http://".length)}"; owner = "o"; repo = "r"; rev = "rev"; hash = "${hash}"; }`);
    assert.match(p, /-source$/);
    assert.equal(readFileSync(join(w.root, p, "sub/x"), "utf8"), "x\n");
    assert.ok(statSync(join(w.root, p, "README")).isFile());
  } finally {
    server.close();
    rmSync(w.root, { recursive: true, force: true });
    rmSync(src, { recursive: true, force: true });
  }
});

test("tmuxPlugins.mkTmuxPlugin builds a plugin from its source in nixpkgs' layout, its rtp the script tmux runs; a plugin Debian lacks fails when used, saying how to build it", async () => {
  const src = mkdtempSync(join(tmpdir(), "nixpkgs-tmux-"));
  mkdirSync(join(src, "tmux-better-mouse-rev/scripts"), { recursive: true });
  writeFileSync(join(src, "tmux-better-mouse-rev/better_mouse.tmux"), "#!/bin/sh\ntmux set -g mouse on\n", { mode: 0o755 });
  writeFileSync(join(src, "tmux-better-mouse-rev/scripts/helper.sh"), "echo help\n");
  spawnSync("tar", ["-czf", join(src, "a.tar.gz"), "-C", src, "tmux-better-mouse-rev"]);
  const hash = narHash(join(src, "tmux-better-mouse-rev"));
  const { url, server } = await serving({ "/o/tmux-better-mouse/archive/rev.tar.gz": readFileSync(join(src, "a.tar.gz")) });
  const w = world();
  try {
    const plugin = `(pkgs.tmuxPlugins.mkTmuxPlugin { pluginName = "better-mouse"; version = "1.0"; src = pkgs.fetchFromGitHub { githubBase = "${url.slice("http://".length)}"; owner = "o"; repo = "tmux-better-mouse"; rev = "rev"; hash = "${hash}"; }; })`;
    const rtp = await w.build(`${plugin}.rtp`);
    assert.match(rtp, /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-tmuxplugin-better-mouse-1\.0\/share\/tmux-plugins\/better-mouse\/better_mouse\.tmux$/);
    assert.equal(readFileSync(join(w.root, rtp), "utf8"), "#!/bin/sh\ntmux set -g mouse on\n");
    assert.ok(statSync(join(w.root, rtp)).mode & 0o100, "the script stays executable (the source directory is unpacked with its modes)");
    assert.equal(readFileSync(join(w.root, rtp, "../scripts/helper.sh"), "utf8"), "echo help\n");
    const pname = force((force(w.evaluator.evalSource(`pkgs: ${plugin}.pname`, "«test»", "/")) as { call(a: Lazy): Lazy }).call(w.pkgs));
    assert.equal(String(pname), "tmuxplugin-better-mouse", "home-manager's tmux module checks the prefix");
    assert.throws(() => w.path("pkgs.tmuxPlugins.tmux-fzf.rtp"), /Cannot use pkgs\.tmuxPlugins\.tmux-fzf: Debian packages no tmux plugins; build it with pkgs\.tmuxPlugins\.mkTmuxPlugin \{ pluginName = "tmux-fzf";/);
  } finally {
    server.close();
    rmSync(w.root, { recursive: true, force: true });
    rmSync(src, { recursive: true, force: true });
  }
});
