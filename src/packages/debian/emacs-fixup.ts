/**
 * Debian's Emacs run from the store. Emacs finds its dump file (the
 * preloaded Lisp), its Lisp directories, its data (etc/, the DOC file) and
 * its helper programs (movemail, hexl…) in directories compiled in under
 * /usr; from the store none of them is there. So bin/emacs (and the
 * variant's own name, emacs-gtk…) is a script that points Emacs at its
 * closure's: the dump file by --dump-file, the rest by the variables Emacs
 * reads for them (EMACSLOADPATH, EMACSDATA, EMACSDOC, EMACSPATH, whose
 * first directory is exec-directory). A load path the caller set (an
 * Emacs with packages) comes first, ours after it, and is not added twice
 * (an Emacs started from this one). The natively compiled Lisp is found
 * beside the program itself (../lib/emacs/<version>/native-lisp), which
 * the script runs where it is in its package. The version's directory is
 * looked up when the script runs (28.2 in Debian 12, 30.1 in 13).
 */
import type { Fixup } from "./fixups.ts";

/** The script replacing bin/<name>: `${target}` is the program it runs. */
const EMACS_SH = `#!/bin/sh
# system-manager: runs Debian's Emacs from the store, its dump file, Lisp, data and helper programs found there, not under /usr.
share='\${pkg:emacs-common}/usr/share/emacs'
v=
for d in "$share"/[0-9]*/; do [ -d "$d" ] && v=\${d%/} && v=\${v##*/}; done
lisp="$share/$v/site-lisp:$share/site-lisp:$share/$v/lisp"
case ":\${EMACSLOADPATH-}:" in
  *":$share/$v/lisp:"*) ;;
  *) EMACSLOADPATH="\${EMACSLOADPATH:+\${EMACSLOADPATH%:}:}$lisp" ;;
esac
export EMACSLOADPATH
EMACSDATA="\${EMACSDATA-$share/$v/etc}"; export EMACSDATA
EMACSDOC="\${EMACSDOC-$share/$v/etc}"; export EMACSDOC
libexec=
for d in '\${pkg:emacs-bin-common}'/usr/libexec/emacs/"$v"/*/; do [ -d "$d" ] && libexec=\${d%/}; done
if [ -n "$libexec" ]; then
  case ":\${EMACSPATH-}:" in
    ":$libexec:"*) ;;
    *) EMACSPATH="$libexec\${EMACSPATH:+:$EMACSPATH}"; export EMACSPATH ;;
  esac
fi
for f in '\${self}'/usr/libexec/emacs/"$v"/*/*.pdmp '\${self}'/usr/lib/emacs/"$v"/*/*.pdmp; do
  [ -f "$f" ] && exec '\${target}' --dump-file="$f" "$@"
done
exec '\${target}' "$@"
`;

/** The fixup of Debian's Emacs package `variant` (emacs-gtk, emacs-nox…): bin/emacs and bin/<variant> both run through the script. */
function emacs(variant: string): Fixup {
  return { env: [], files: { "bin/emacs": EMACS_SH, [`bin/${variant}`]: EMACS_SH } };
}

/** Debian's Emacs packages, each its own build of the program (nixpkgs has an attribute of the same name for each). */
export const EMACS_VARIANTS: readonly string[] = ["emacs-gtk", "emacs-nox", "emacs-pgtk", "emacs-lucid"];

/** By Debian package name, as FIXUPS. */
export const EMACS_FIXUPS: Readonly<Record<string, Fixup>> = Object.fromEntries(EMACS_VARIANTS.map((p) => [p, emacs(p)]));
