import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { STORE_DIR } from "../../store/store-path.ts";
import { nixpkgsWorld as world } from "../../../test/helpers/nixpkgs-world.ts";
import { debianOutputs } from "../../../test/helpers/debian-outputs.ts";
import { storeViewCommand } from "../../activate/home/store-view.ts";

const deb = (p: string) => `${STORE_DIR}/${"d".repeat(32)}-${p}-1.0-1`;

test("emacsPackagesFor: epkgs.<name> is Debian's elpa-<name>; emacsWithPackages links the closures' package directories into its elpa/, trivialBuild files beside them, and runs the Emacs with them first on the load path", async () => {
  const w = world();
  try {
    assert.equal(w.evalWith(`(pkgs.emacsPackagesFor pkgs.emacs-nox).magit.pname`), "elpa-magit");
    assert.equal(w.evalWith(`((pkgs.emacsPackagesFor pkgs.emacs-nox).overrideScope (self: super: { my-dash = super.dash; })).my-dash.pname`), "elpa-dash");
    assert.equal(w.evalWith(`pkgs.emacsPackages.melpaPackages.dash.pname`), "elpa-dash");
    assert.equal(w.evalWith(`pkgs.emacs-nox.pkgs.emacs.pname`), "emacs-nox", "emacs.pkgs is the set for that Emacs");
    assert.equal(w.evalWith(`builtins.isFunction pkgs.emacs.pkgs.withPackages && builtins.isFunction pkgs.emacsWithPackages`), true);
    const debs = {
      "emacs-nox": { files: { "usr/bin/emacs": '#!/bin/sh\necho "emacs EMACSLOADPATH=$EMACSLOADPATH $*"\n', "usr/bin/emacsclient": "#!/bin/sh\n" }, bin: "usr/bin/emacs" },
      "elpa-dash": { files: { "usr/share/emacs/site-lisp/elpa-src/dash-2.19.1/dash.el": "(provide 'dash)\n" }, emptyBin: true },
      "elpa-s": { files: { "usr/share/emacs/site-lisp/elpa-src/s-1.12.0/s.el": "(provide 's)\n" }, emptyBin: true },
    };
    const env = await w.build(
      `let epkgs = (pkgs.emacsPackagesFor pkgs.emacs-nox).overrideScope (self: super: { strings = super.s; }); in
       epkgs.emacsWithPackages (e: [ e.dash (e.trivialBuild { pname = "default"; version = "0.1.0"; src = pkgs.writeText "default.el" "(require 'dash)"; packageRequires = [ e.strings ]; }) ])`,
      debianOutputs(w.root, debs),
    );
    assert.match(env.storePath, /-emacs-with-packages-[^/]+$/);
    const lisp = join(env.disk, "share/emacs/site-lisp");
    assert.deepEqual(readdirSync(join(lisp, "elpa")).sort(), ["dash-2.19.1", "s-1.12.0"], "the trivialBuild's packageRequires come along");
    assert.equal(readlinkSync(join(lisp, "elpa/dash-2.19.1")), `${deb("elpa-dash")}/usr/share/emacs/site-lisp/elpa-src/dash-2.19.1`);
    assert.match(readlinkSync(join(lisp, "default.el")), /-emacs-default-0\.1\.0\/share\/emacs\/site-lisp\/default\.el$/);
    assert.equal(readFileSync(join(lisp, "site-start.el"), "utf8"), `;; system-manager: the packages of this Emacs, activated as package.el activates those installed.\n(require 'package)\n(add-to-list 'package-directory-list "${env.storePath}/share/emacs/site-lisp/elpa")\n(package-activate-all)\n`);
    const wrapper = readFileSync(join(env.disk, "bin/emacs"), "utf8");
    assert.match(wrapper, new RegExp(`^EMACSLOADPATH=${env.storePath}/share/emacs/site-lisp\\$\\{EMACSLOADPATH:\\+:\\$EMACSLOADPATH\\}$`, "m"));
    const view = storeViewCommand(join(w.root, STORE_DIR), STORE_DIR, process.getuid?.() ?? 0, process.getgid?.() ?? 0, `${env.storePath}/bin/emacs`, ["--batch"]);
    if (view !== undefined) {
      const r = spawnSync(view.command, [...view.args], { encoding: "utf8", env: { PATH: "/usr/bin:/bin", EMACSLOADPATH: "/mine:" } });
      assert.equal(r.stdout, `emacs EMACSLOADPATH=${env.storePath}/share/emacs/site-lisp:/mine: --batch\n`, r.stderr);
    }
  } finally {
    w.done();
  }
});
