/**
 * What deactivate runs on a target without --store-path: the engine of the
 * generation active there, found there as the local CLI finds it (the
 * state file's `generation`, that generation's manifest's `engine`; both
 * files are written with two-space indentation, so a top-level key is a
 * line of its own), run with `activate --root ROOT --nothing`. With
 * nothing active, it says so and changes nothing.
 */

/* $1: the root on the target; the rest: more arguments for the engine (--dry-run). */
export const ACTIVE_ENGINE_SCRIPT = `set -u
root=$1
shift
r=\${root%/}
path='\\(/var/lib/system-manager/store/[0-9a-z]*-[A-Za-z0-9+._?=-]*\\)'
gen=$(sed -n "s|^  \\"generation\\": \\"$path\\",\\{0,1\\}$|\\1|p" "$r/var/lib/system-manager/state/system-manager-state.json" 2>/dev/null)
if [ -z "$gen" ]; then echo "No generation is active on this host: nothing to deactivate." >&2; exit 0; fi
engine=$(sed -n "s|^  \\"engine\\": \\"$path\\",\\{0,1\\}$|\\1|p" "$r$gen/manifest.json" 2>/dev/null)
if [ -z "$engine" ] || [ ! -x "$r$engine/bin/system-manager-engine" ]; then echo "The active generation $gen carries no activation engine here: give --store-path P of a generation built by this system-manager" >&2; exit 1; fi
exec "$r$engine/bin/system-manager-engine" activate --root "$root" --nothing "$@"
`;
