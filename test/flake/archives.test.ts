/**
 * Tarball inputs in every packing the system's tools unpack (gzip, xz,
 * bzip2, zip), all giving the same tree and narHash (Nix 2.8's for it);
 * an archive with two top-level entries refused as Nix refuses it; and
 * home-manager's command line taking the flake-input options.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { flakeEvaluation } from "../../src/flake/flake-system.ts";
import { loadLockedFlake } from "../../src/flake/locked-flake.ts";
import { main as homeManager } from "../../src/cli/home-manager-main.ts";
import { UserError } from "../../src/diagnostics/user-error.ts";
import { fetchContext, loopback, tmp, tree } from "./loopback.ts";

/** `nix hash path --sri` of the tree with flake.nix and sub/file.txt (test/flake/inputs.test.ts). */
const DEP_NAR = "sha256-PHpPBHQK7FXqUyAS0lqungyLzqZyefuywfgWuZpFcY0=";

function pack(kind: "gz" | "xz" | "bz2" | "zip" | "two"): Buffer {
  const dir = tmp("pack");
  const src = join(dir, "top");
  execFileSync("cp", ["-r", tree({ "flake.nix": "{ outputs = { self }: { answer = 42; }; }\n", "sub/file.txt": "hello\n" }), src]);
  const out = join(dir, `a.${kind}`);
  if (kind === "zip") execFileSync("zip", ["-qr", out, "top"], { cwd: dir });
  else if (kind === "two") execFileSync("tar", ["-czf", out, "-C", dir, "top", "top/flake.nix", "--transform=s,^top/flake.nix$,second,"]);
  else execFileSync("tar", [`--${kind === "gz" ? "gzip" : kind === "xz" ? "xz" : "bzip2"}`, "-cf", out, "-C", dir, "top"]);
  return readFileSync(out);
}

test("gzip, xz, bzip2 and zip archives give the same tree", async (t) => {
  const server = await loopback();
  t.after(() => server.close());
  for (const kind of ["gz", "xz", "bz2", "zip"] as const) {
    const name = `dep.${kind === "gz" ? "tar.gz" : kind === "xz" ? "tar.xz" : kind === "bz2" ? "tar.bz2" : "zip"}`;
    server.files.set(name, pack(kind));
    const dir = tree({ "flake.nix": `{ inputs.d.url = "${server.url}/files/${name}"; outputs = { self, d }: { a = d.answer; h = d.narHash; }; }` });
    const { ctx } = flakeEvaluation({ warn: () => undefined });
    const r = await loadLockedFlake(dir, ctx, { fetch: fetchContext(server), overrides: new Map(), updates: new Set(), recreate: false, writeLockFile: true, warn: () => undefined });
    assert.equal(r.outputs.get("a"), 42n, kind);
    assert.equal(r.outputs.get("h"), DEP_NAR, kind);
  }
  server.files.set("two.tar.gz", pack("two"));
  const dir = tree({ "flake.nix": `{ inputs.d.url = "${server.url}/files/two.tar.gz"; outputs = { self, d }: { }; }` });
  const { ctx } = flakeEvaluation({ warn: () => undefined });
  await assert.rejects(loadLockedFlake(dir, ctx, { fetch: fetchContext(server), overrides: new Map(), updates: new Set(), recreate: false, writeLockFile: true, warn: () => undefined }), (e: unknown) => e instanceof UserError && /tarball '.*two\.tar\.gz' contains an unexpected number of top-level files/.test(e.message));
});

test("home-manager build --flake locks the flake's inputs, into the home's store; --offline without a cache names the input", async () => {
  const home = tmp("hm-home");
  const dir = tree({ "flake.nix": `{ inputs.dep.url = "github:alice/dep"; outputs = { self, dep }: { homeConfigurations = { }; }; }` });
  const r = { out: "", err: "", stdout: (s: string) => void (r.out += s), stderr: (s: string) => void (r.err += s), env: { HOME: home, USER: "alice", SYSTEM_MANAGER_PACKAGES: "off" }, cwd: dir };
  assert.equal(await homeManager(["build", "--flake", ".", "--offline"], r), 1);
  assert.match(r.err, /cannot fetch input 'dep' \(github:alice\/dep\): cannot resolve 'HEAD' of alice\/dep while offline/);
});
