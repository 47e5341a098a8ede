/**
 * The scripts a deployment runs on a host besides the engine, plain sh
 * with only coreutils and systemctl there. CURRENT_SCRIPT says which
 * generation is current (the ephemeral link's, else the profile's) and
 * prints its manifest, read as the login (nothing is written).
 * HEALTH_SCRIPT waits for the units named to settle, then prints
 * systemd's state (`is-system-running`), each unit named that failed or
 * keeps restarting, and the exit status and last lines of the host's own
 * health check, run by the login's sh.
 */

/* $1: the root. */
export const CURRENT_SCRIPT = `set -u
r=\${1%/}
p=$r/var/lib/system-manager/profiles
l=$(readlink "$r/run/system-manager/ephemeral-generation" 2>/dev/null) || l=$(readlink "$p/system" 2>/dev/null) || { echo none; exit 0; }
g=$(readlink "$p/$l" 2>/dev/null) || { echo none; exit 0; }
echo "generation $l $g"
echo manifest
cat "$r$g/manifest.json"
`;

/* $1: seconds to let the units settle first; $2: the health check ("" for none); the rest: the units to check. */
export const HEALTH_SCRIPT = `set -u
settle=$1
check=$2
shift 2
sleep "$settle"
i=0
while :; do
  busy=
  for u in "$@"; do
    case $(systemctl show -p ActiveState --value "$u" 2>/dev/null) in activating|deactivating|reloading) busy=1 ;; esac
  done
  st=$(systemctl is-system-running 2>/dev/null)
  [ "$st" = starting ] && busy=1
  if [ -z "$busy" ] || [ "$i" -ge 30 ]; then break; fi
  i=$((i + 1))
  sleep 1
done
echo "state $st"
for u in "$@"; do
  if systemctl is-failed --quiet "$u"; then echo "failed $u"
  elif [ "$(systemctl show -p SubState --value "$u" 2>/dev/null)" = auto-restart ]; then echo "restarting $u"
  fi
done
if [ -n "$check" ]; then
  out=$(sh -c "$check" 2>&1 </dev/null)
  code=$?
  printf '%s\\n' "$out" | tail -n 3 | sed 's/^/said /'
  echo "check $code"
fi
echo end
`;
