/**
 * Copies store paths to the target in one ssh session: a local
 * `tar -c` of them (modes and links kept, owned by root) is streamed to a
 * script there that unpacks it into a temporary directory beside the
 * store, and only once the whole archive has arrived renames each path
 * into the store, in the order given (dependencies first), one atomic
 * rename each. A copy killed at any point leaves no partial store path
 * visible, only the temporary directory, which the next copy removes
 * (its writer, named in it, being gone); running it again converges.
 * Before the archive, stdin carries sudo's password line (when sudo asks
 * for one) and the names in order, ended by an empty line; after it, a
 * line saying the local tar succeeded, without which nothing is renamed.
 */
import { join } from "node:path";
import { STORE_DIR } from "../store/store-path.ts";
import { privileged, remoteScript, remoteStore, sshCommand, type Privilege, type RemoteSession } from "./remote-session.ts";
import { SSH_FAILED, sshError } from "./ssh-error.ts";
import { treeBytes } from "./closure.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { targetName } from "./target.ts";

/* $1: the store. A directory that is not writable is made so for its rename (a non-root login moving it changes its ".."). */
export const RECEIVE_SCRIPT = `set -u
umask 022
store=$1
parent=\${store%/*}
mkdir -p "$store" || exit 1
for d in "$parent"/.copy-*; do
  [ -d "$d" ] || continue
  [ -d "/proc/\${d##*/.copy-}" ] && continue
  chmod -R u+w "$d" 2>/dev/null
  rm -rf "$d"
done
tmp=$parent/.copy-$$
mkdir "$tmp" "$tmp/x" || exit 1
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
: > "$tmp/order"
while IFS= read -r n && [ -n "$n" ]; do printf '%s\\n' "$n" >> "$tmp/order"; done
tar -x -p --no-same-owner -f - -C "$tmp/x" || { echo "the archive did not arrive whole; no store path was put in place" >&2; exit 1; }
IFS= read -r sent || sent=
[ "$sent" = whole ] || { echo "the sender's tar failed; no store path was put in place" >&2; exit 1; }
while IFS= read -r n; do
  src=$tmp/x/$n
  dst=$store/$n
  if [ -e "$dst" ] || [ -L "$dst" ]; then continue; fi
  ro=
  if [ -d "$src" ] && [ ! -L "$src" ] && [ ! -w "$src" ]; then ro=1; chmod u+w "$src"; fi
  mv -T "$src" "$dst" 2>/dev/null || [ -e "$dst" ] || { echo "cannot put $n into $store" >&2; exit 1; }
  if [ -n "$ro" ]; then chmod u-w "$dst"; fi
done < "$tmp/order"
echo copied
`;

export interface Copied {
  readonly paths: number;
  readonly bytes: number;
}

/** The local tar that streams `names` from the store under `localRoot`. */
export function tarCommand(localRoot: string): string[] {
  return ["tar", "-c", "-f", "-", "-C", join(localRoot, STORE_DIR), "--owner=0", "--group=0", "--numeric-owner", "--verbatim-files-from", "-T", "-"];
}

export async function copyPaths(s: RemoteSession, privilege: Privilege, localRoot: string, names: readonly string[]): Promise<Copied> {
  if (names.length === 0) return { paths: 0, bytes: 0 };
  const bytes = treeBytes(localRoot, names);
  const list = names.map((n) => `${n}\n`).join("");
  const { argv, input } = privileged(s, privilege, remoteScript(RECEIVE_SCRIPT, [remoteStore(s)]));
  const out = await s.runner({ argv: sshCommand(s, argv), input: `${input}${list}\n`, from: { argv: tarCommand(localRoot), input: list, trailer: "whole\n" } });
  if (out.code === SSH_FAILED) throw sshError(s.target, out, "copy the store paths");
  if (out.producer !== undefined && out.producer.code !== 0) {
    throw new UserError(`Cannot copy to ${targetName(s.target)}: the local tar failed (exit status ${out.producer.code}): ${out.producer.stderr.trim()}`);
  }
  if (out.code !== 0 || !out.stdout.split("\n").includes("copied")) throw sshError(s.target, out, "copy the store paths");
  return { paths: names.length, bytes };
}
