/**
 * The build's side of pure evaluation: an /etc or home file whose
 * `source` names a path on this machine (`source = "/etc/shadow"`) is read
 * at build time, so the reader refuses what the evaluation could not have
 * read either: anything outside the flake's and its inputs' trees and the
 * store. A TypeScript configuration (no PathAccess) reads what it names.
 */
import { UserError } from "../diagnostics/user-error.ts";
import type { SourceReader } from "../build/generation-spec.ts";
import { RestrictedPathError, type PathAccess } from "../nix/path-access.ts";

export function checkedSourceReader(read: SourceReader, access: PathAccess | undefined): SourceReader {
  if (access === undefined || !access.pure) return read;
  return (path) => {
    try {
      access.check(path);
    } catch (e) {
      if (e instanceof RestrictedPathError) throw new UserError(`Cannot read source '${path}': ${e.message}`);
      throw e;
    }
    return read(path);
  };
}
