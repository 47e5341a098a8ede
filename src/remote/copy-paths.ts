/**
 * Copies store paths to the target in one ssh session: a local
 * `tar -c` of them (modes and links kept, owned by root) is streamed to a
 * script there that unpacks it into a temporary directory beside the
 * store, and only once the whole archive has arrived renames each path
 * into the store, in the order given (dependencies first), one atomic
 * rename each. A copy killed at any point leaves no partial store path
 * visible, only the temporary directory, which the next copy removes
 * (its writer, named in it, being gone); running it again converges.
 * With a temporary-roots directory, the session first registers the
 * whole closure as a temporary GC root held until the activation
 * (remote-gc-root.ts), and checks at the end that every path of it is in
 * the store (one the probe found may have been collected meanwhile).
 * Before the archive, stdin carries sudo's password line (when sudo asks
 * for one), the closure's names ended by an empty line (with a root),
 * and the names to copy in order, ended by an empty line; after it, a
 * line saying the local tar succeeded, without which nothing is renamed.
 */
import { join } from "node:path";
import { STORE_DIR } from "../store/store-path.ts";
import { privileged, remoteScript, remoteStore, sshCommand, type Privilege, type RemoteSession } from "./remote-session.ts";
import { SSH_FAILED, sshError } from "./ssh-error.ts";
import { treeBytes } from "./closure.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { targetName } from "./target.ts";
import { GC_ROOT_FUNCTIONS, gcRootOf, releaseGcRoot, remoteTempRoots } from "./remote-gc-root.ts";

/* $1: the store; $2: the temporary-roots directory, or empty for no root. A directory that is not writable is made so for its rename (a non-root login moving it changes its ".."). */
export const RECEIVE_SCRIPT = `set -u
umask 022
${GC_ROOT_FUNCTIONS}store=$1
roots=$2
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
if [ -n "$roots" ]; then
  : > "$tmp/closure"
  while IFS= read -r n && [ -n "$n" ]; do printf '%s\n' "$n" >> "$tmp/closure"; done
  add_gc_root "$roots" < "$tmp/closure" || { echo "cannot register a temporary GC root in $roots" >&2; exit 1; }
fi
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
if [ -n "$roots" ]; then
  while IFS= read -r n; do
    [ -z "$n" ] || [ -e "$store/$n" ] || [ -L "$store/$n" ] || { echo "$n, which was in $store when the deployment began, is gone (collected by a gc there meanwhile?): run the deployment again" >&2; exit 1; }
  done < "$tmp/closure"
fi
echo copied
`;

export interface Copied {
  readonly paths: number;
  readonly bytes: number;
  /** The temporary GC root file registered on the target (none without one asked for, or with no sshd process found): releaseGcRoot after the activation. */
  readonly gcRoot?: string;
}

/** The local tar that streams `names` from the store under `localRoot`. */
export function tarCommand(localRoot: string): string[] {
  return ["tar", "-c", "-f", "-", "-C", join(localRoot, STORE_DIR), "--owner=0", "--group=0", "--numeric-owner", "--verbatim-files-from", "-T", "-"];
}

/** Copies `names`; with `rooted` (the whole closure), registers those as a temporary GC root there first, even when nothing is copied. */
export async function copyPaths(s: RemoteSession, privilege: Privilege, localRoot: string, names: readonly string[], rooted: readonly string[] = [], what = "copy the store paths"): Promise<Copied> {
  if (names.length === 0 && rooted.length === 0) return { paths: 0, bytes: 0 };
  const bytes = treeBytes(localRoot, names);
  const lines = (ns: readonly string[]) => ns.map((n) => `${n}\n`).join("");
  const list = lines(names);
  const { argv, input } = privileged(s, privilege, remoteScript(RECEIVE_SCRIPT, [remoteStore(s), rooted.length === 0 ? "" : remoteTempRoots(s)]));
  const closure = rooted.length === 0 ? "" : `${lines(rooted)}\n`;
  const out = await s.runner({ argv: sshCommand(s, argv), input: `${input}${closure}${list}\n`, from: { argv: tarCommand(localRoot), input: list, trailer: "whole\n" } });
  const gcRoot = gcRootOf(s, out.stdout);
  const failure =
    out.code === SSH_FAILED
      ? sshError(s.target, out, what)
      : out.producer !== undefined && out.producer.code !== 0
        ? new UserError(`Cannot copy to ${targetName(s.target)}: the local tar failed (exit status ${out.producer.code}): ${out.producer.stderr.trim()}`)
        : out.code !== 0 || !out.stdout.split("\n").includes("copied")
          ? sshError(s.target, out, what)
          : undefined;
  if (failure !== undefined) {
    // Released now; if this fails too, the file goes stale with the connection (remote-gc-root.ts).
    if (gcRoot !== undefined) await releaseGcRoot(s, privilege, gcRoot).catch(() => undefined);
    throw failure;
  }
  return { paths: names.length, bytes, ...(gcRoot === undefined ? {} : { gcRoot }) };
}
