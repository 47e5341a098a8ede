# pkgs.emacsPackagesFor EMACS (home-manager's programs.emacs builds its
# Emacs with it) and pkgs.emacsPackages: nixpkgs' Emacs package set over
# Debian's Emacs Lisp packages. `<name>` is Debian's elpa-<name> (magit is
# elpa-magit; melpaPackages, elpaPackages… are the same set), `emacs` the
# Emacs given, `trivialBuild` a package of Lisp files (home-manager's
# default.el), `emacsWithPackages` (and `withPackages`) an Emacs with the
# packages chosen, and `overrideScope` the set with an overlay
# (`self: super: { … }`, as home-manager's programs.emacs.overrides).
#
# The Emacs with packages ("emacs-with-packages-<version>") has bin/emacs
# running EMACS with its own share/emacs/site-lisp first on the load path:
# there elpa/ holds the package directories of every chosen package's
# closure (Debian's usr/share/emacs/site-lisp/elpa-src/<name>-<version>,
# sources with their -pkg.el and -autoloads.el), activated at start by its
# site-start.el as package.el activates installed packages, and the Lisp
# files of trivialBuild packages (default.el, which Emacs loads after the
# user's init file). Its other programs are EMACS's.
{
  lib,
  pkgs,
  openSet,
  runCommand,
  shell,
}:
let
  # `src` (a file or a directory of Lisp files) as a package: its files in share/emacs/site-lisp.
  trivialBuild =
    {
      pname,
      version ? "0",
      src,
      packageRequires ? [ ],
      ...
    }:
    runCommand "emacs-${pname}-${version}"
      {
        inherit src;
        passthru = { inherit packageRequires; };
      }
      ''
        mkdir -p $out/share/emacs/site-lisp
        if [ -d "$src" ]; then
          for f in "$src"/*.el; do
            if [ -e "$f" ]; then cp "$f" $out/share/emacs/site-lisp/; fi
          done
        else
          cp "$src" "$out/share/emacs/site-lisp/$(stripHash "$src")"
        fi
      '';

  withPackages =
    emacs: packages:
    let
      # A package's own requirements come with it (trivialBuild's packageRequires), as nixpkgs propagates them.
      withRequired = ps: lib.unique (lib.concatMap (p: [ p ] ++ withRequired (p.packageRequires or [ ])) ps);
      all = withRequired packages;
    in
    runCommand "emacs-with-packages-${emacs.version or "0"}"
      {
        inherit emacs;
        packages = all;
        version = emacs.version or "0";
        meta.mainProgram = "emacs";
      }
      ''
        ${import ./debian-closure.nix}
        lisp=$out/share/emacs/site-lisp
        mkdir -p $out/bin $lisp/elpa
        for p in $packages; do
          for ref in "$p" $(closureOf "$p"); do
            for d in "$ref"/usr/share/emacs/site-lisp/elpa-src/*; do
              if [ -d "$d" ] && [ ! -e "$lisp/elpa/''${d##*/}" ]; then ln -s "$d" "$lisp/elpa/''${d##*/}"; fi
            done
          done
          for f in "$p"/share/emacs/site-lisp/*; do
            if [ -f "$f" ] && [ ! -e "$lisp/''${f##*/}" ]; then ln -s "$f" "$lisp/''${f##*/}"; fi
          done
        done
        cat > $lisp/site-start.el <<EOF
        ;; system-manager: the packages of this Emacs, activated as package.el activates those installed.
        (require 'package)
        (add-to-list 'package-directory-list "$lisp/elpa")
        (package-activate-all)
        EOF
        for prog in "$emacs"/bin/*; do
          if [ -e "$prog" ] || [ -L "$prog" ]; then ln -s "$prog" "$out/bin/''${prog##*/}"; fi
        done
        rm -f $out/bin/emacs
        {
          echo "#! ${shell} -e"
          echo "EMACSLOADPATH=$(printf %q "$lisp")\''${EMACSLOADPATH:+:\$EMACSLOADPATH}"
          echo "export EMACSLOADPATH"
          echo "exec $(printf %q "$emacs/bin/emacs") \"\$@\""
        } > $out/bin/emacs
        chmod +x $out/bin/emacs
      '';

  # The set for `emacs` with `overlays` applied in order, each given the final set and the one before it.
  makeSet =
    emacs: overlays:
    let
      debian = n: pkgs.${"elpa-" + lib.toLower n};
      open = attrs: openSet (n: attrs.${n} or (debian n));
      self = open final;
      base = {
        inherit emacs trivialBuild;
        emacsWithPackages = f: withPackages emacs (if builtins.isFunction f then f self else f);
        withPackages = base.emacsWithPackages;
        overrideScope = g: makeSet emacs (overlays ++ [ g ]);
        melpaPackages = self;
        melpaStablePackages = self;
        elpaPackages = self;
        nongnuPackages = self;
        manualPackages = self;
      };
      final = builtins.foldl' (acc: g: acc // g self (open acc)) base overlays;
    in
    self;
in
emacs: makeSet emacs [ ]
