/**
 * Fetches a (direct) flake reference with the fetcher of its type, and
 * words a failure as a user error naming the input: "NAR hash mismatch
 * in input 'x' (url), expected '…', got '…'" as Nix says it, or "cannot
 * fetch input 'x' (url): why". Whatever failed left nothing in the store.
 */
import { UserError } from "../../diagnostics/user-error.ts";
import type { FlakeRef } from "../../nix/flake-ref/flake-ref.ts";
import { showFlakeRef } from "../../nix/flake-ref/show-flake-ref.ts";
import type { FetchContext } from "./fetch-context.ts";
import { FetchError, HashMismatch, InputFetchError } from "./fetch-error.ts";
import type { FetchedTree } from "./fetched-tree.ts";
import { fetchRepo } from "./fetch-github.ts";
import { fetchGit } from "./fetch-git.ts";
import { fetchTarball } from "./fetch-tarball.ts";
import { fetchPath } from "./fetch-path.ts";

/** `base`: the directory relative path: references are relative to. */
export async function fetchInput(ctx: FetchContext, ref: FlakeRef, name: string, base: string): Promise<FetchedTree> {
  try {
    switch (ref.type) {
      case "github":
      case "gitlab":
      case "sourcehut":
        return await fetchRepo(ctx, ref);
      case "git":
        return await fetchGit(ctx, ref);
      case "tarball":
      case "file":
        return await fetchTarball(ctx, ref);
      case "path":
        return fetchPath(ctx, ref, base);
      case "indirect":
        throw new FetchError(`indirect reference '${showFlakeRef(ref)}' was not resolved through the registry`);
    }
  } catch (e) {
    if (e instanceof HashMismatch) throw new UserError(`NAR hash mismatch in input '${name}' (${showFlakeRef(ref)}), expected '${e.expected}', got '${e.got}'`);
    if (e instanceof FetchError) throw new InputFetchError(`cannot fetch input '${name}' (${showFlakeRef(ref)}): ${e.message}`, e);
    const err = e as NodeJS.ErrnoException;
    if (["EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT"].includes(err.code ?? "")) {
      throw new UserError(`cannot fetch input '${name}' (${showFlakeRef(ref)}): cannot write ${err.path ?? ctx.cacheDir} (${err.code}); run as root or give another --root`);
    }
    throw e;
  }
}
