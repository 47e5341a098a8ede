/**
 * cachedRealPath resolves as nodeIO.realPath does, on a tree with a
 * linked directory leading out of it, a linked file, a link to a link,
 * a relative link, missing files below a link and below a plain
 * directory, asked in an order that makes it reuse what it resolved.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cachedRealPath } from "./cached-real-path.ts";
import { nodeIO } from "./io.ts";

test("cachedRealPath gives nodeIO.realPath's answer for links, plain paths and missing ones", (t) => {
  const top = realpathSync(mkdtempSync(join(tmpdir(), "sm-real-path-")));
  t.after(() => rmSync(top, { recursive: true, force: true }));
  mkdirSync(join(top, "flake/sub/deep"), { recursive: true });
  mkdirSync(join(top, "outside/dir"), { recursive: true });
  writeFileSync(join(top, "flake/sub/deep/a.nix"), "1");
  writeFileSync(join(top, "outside/secret"), "s");
  writeFileSync(join(top, "outside/dir/b"), "b");
  symlinkSync(join(top, "outside"), join(top, "flake/sub/out"));
  symlinkSync(join(top, "outside/secret"), join(top, "flake/file-link"));
  symlinkSync("file-link", join(top, "flake/link-to-link"));
  symlinkSync("../sub/deep", join(top, "flake/sub/rel"));
  const paths = [
    "flake/sub/deep/a.nix", "flake/sub/deep", "flake/sub/out/secret", "flake/sub/out/dir/b", "flake/sub/out/dir",
    "flake/file-link", "flake/link-to-link", "flake/sub/rel/a.nix", "flake/sub/out/missing", "flake/sub/missing/x",
    "flake/sub/deep/missing.nix", "flake", "outside/dir/b", "flake/sub/deep/a.nix",
  ].map((p) => join(top, p));
  const real = cachedRealPath();
  const want = nodeIO.realPath as (p: string) => string;
  for (const p of [...paths, "/", `${top}/flake/./sub`, `${top}/flake/sub/out/../x`]) assert.equal(real(p), want(p), p);
  assert.equal(real(join(top, "flake/sub/out/secret")), join(top, "outside/secret"));
  assert.equal(real(join(top, "flake/sub/out/missing")), join(top, "outside/missing"));
});
