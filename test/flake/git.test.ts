/**
 * The git fetcher against Nix 2.8: a repository whose one commit holds
 * `flake.nix` gets the narHash Nix 2.8 locked for it (a lock our CLI
 * wrote, read back by Nix's getFlake, which fetched and verified it); a
 * locked revision is found again offline from the cache clone; an
 * unknown revision is an error naming it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fetchGit } from "../../src/flake/fetch/fetch-git.ts";
import { FetchError } from "../../src/flake/fetch/fetch-error.ts";
import { fetchContext, gitRepo, loopback } from "./loopback.ts";

test("a git input's tree, narHash, revCount and lastModified are Nix's; offline it comes from the cache", async (t) => {
  const server = await loopback();
  t.after(() => server.close());
  const repo = gitRepo({ "flake.nix": "{ outputs = { self }: { x = 1; }; }\n" }, 1700000000);
  const fetch = fetchContext(server);
  const url = `file://${repo.dir}`;
  const a = await fetchGit(fetch, { type: "git", url });
  assert.equal(a.narHash, "sha256-bZsJIso1URwbhSoVqrjnrnTw30qQQx3ZriTo15rlkyw=");
  assert.deepEqual({ ...a.locked, narHash: undefined }, { type: "git", url, ref: "main", rev: repo.rev, narHash: undefined, lastModified: 1700000000, revCount: 1 });
  const again = await fetchGit({ ...fetch, offline: true }, { type: "git", url, rev: repo.rev, narHash: a.narHash });
  assert.equal(again.storePath, a.storePath);
  await assert.rejects(fetchGit({ ...fetch, offline: true }, { type: "git", url, rev: "d".repeat(40) }), (e: unknown) => e instanceof FetchError && /cannot fetch revision d{40} of Git repository '.*' while offline/.test(e.message));
  await assert.rejects(fetchGit(fetch, { type: "git", url, rev: "d".repeat(40) }), (e: unknown) => e instanceof FetchError && /Cannot find Git revision 'd{40}'/.test(e.message));
});
