/**
 * The shell helpers home-manager's activation snippets call, defined
 * before each snippet our engine runs (home-manager's own activate script
 * sources its bash library first): `run` (with --quiet / --silence;
 * under DRY_RUN it only prints), the echo family (errorEcho, warnEcho,
 * noteEcho, verboseEcho — the last only with VERBOSE), their message
 * forms (_i, _ip, _iError, _iWarn, _iNote, _iVerbose: printf formats,
 * untranslated) and the deprecated variables DRY_RUN_CMD, DRY_RUN_NULL,
 * VERBOSE_ARG, VERBOSE_ECHO and VERBOSE_RUN. Written for system-manager, to the behaviour
 * home-manager's snippets expect.
 */
export const ACTIVATION_HELPERS = `errorEcho() { echo "$@" >&2; }
warnEcho() { echo "$@" >&2; }
noteEcho() { echo "$@"; }
verboseEcho() { if [[ -v VERBOSE ]]; then echo "$@"; fi; }
_i() { local format="$1"; shift; printf -- "$format\\n" "$@"; }
_ip() { local one="$1" many="$2" count="$3"; shift 3; if [[ $count == 1 ]]; then printf -- "$one\\n" "$@"; else printf -- "$many\\n" "$@"; fi; }
_iError() { _i "$@" >&2; }
_iWarn() { _i "$@" >&2; }
_iNote() { _i "$@"; }
_iVerbose() { if [[ -v VERBOSE ]]; then _i "$@"; fi; }
run() {
  local mode=
  if [[ \${1-} == --quiet || \${1-} == --silence ]]; then mode=$1; shift; fi
  if [[ -v DRY_RUN ]]; then echo "$@"
  elif [[ $mode == --quiet ]]; then "$@" > /dev/null
  elif [[ $mode == --silence ]]; then "$@" > /dev/null 2>&1
  else "$@"
  fi
}
if [[ -v DRY_RUN ]]; then DRY_RUN_CMD=echo; DRY_RUN_NULL=/dev/stdout; else DRY_RUN_CMD=; DRY_RUN_NULL=/dev/null; fi
if [[ -v VERBOSE ]]; then VERBOSE_ARG=--verbose; VERBOSE_ECHO=echo; VERBOSE_RUN=; else VERBOSE_ARG=; VERBOSE_ECHO=true; VERBOSE_RUN=true; fi
`;

/** `script` with the helpers defined first; a generation built before they were added here already has them. */
export function withActivationHelpers(script: string): string {
  return script.startsWith(ACTIVATION_HELPERS) ? script : ACTIVATION_HELPERS + script;
}
