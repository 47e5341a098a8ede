import { test } from "node:test";
import assert from "node:assert/strict";
import { alternativeLinks, mergedAlternatives } from "./alternative-links.ts";

test("update-alternatives --install and --slave lines give links to their targets, with the group's priority", () => {
  const postinst = "update-alternatives --install /usr/lib/x86_64-linux-gnu/libblas.so.3 \\\n  libblas.so.3-x86_64-linux-gnu /usr/lib/x86_64-linux-gnu/blas/libblas.so.3 10 \\\n  --slave /usr/lib/x86_64-linux-gnu/libblas.so libblas.so /usr/lib/x86_64-linux-gnu/blas/libblas.so\n";
  assert.deepEqual([...alternativeLinks(postinst)], [
    ["usr/lib/x86_64-linux-gnu/libblas.so.3", { path: "usr/lib/x86_64-linux-gnu/blas/libblas.so.3", priority: 10 }],
    ["usr/lib/x86_64-linux-gnu/libblas.so", { path: "usr/lib/x86_64-linux-gnu/blas/libblas.so", priority: 10 }],
  ]);
});

test("of several packages offering a link, the highest priority wins, as update-alternatives' automatic mode", () => {
  const offer = (target: string, priority: number) => `update-alternatives --install /usr/lib/libblas.so.3 libblas.so.3 /usr/lib/${target}/libblas.so.3 ${priority}\n`;
  assert.equal(mergedAlternatives([offer("blas", 10), offer("openblas", 100), offer("atlas", 35)]).get("usr/lib/libblas.so.3")?.path, "usr/lib/openblas/libblas.so.3");
});

test("a loop with `do` on a line of its own and quoted words (Emacs's postinst) is read as well", () => {
  const postinst = `#!/bin/sh\nset -e\n\nfor alt in ctags etags\ndo\n    update-alternatives \\\n        --install "/usr/bin/$alt" "$alt" "/usr/bin/$alt.emacs" "28" \\\n        --slave "/usr/share/man/man1/$alt.1.gz" "$alt.1.gz" \\\n        "/usr/share/man/man1/$alt.emacs.1.gz"\ndone\n`;
  assert.deepEqual([...alternativeLinks(postinst)], [
    ["usr/bin/ctags", { path: "usr/bin/ctags.emacs", priority: 28 }],
    ["usr/share/man/man1/ctags.1.gz", { path: "usr/share/man/man1/ctags.emacs.1.gz", priority: 28 }],
    ["usr/bin/etags", { path: "usr/bin/etags.emacs", priority: 28 }],
    ["usr/share/man/man1/etags.1.gz", { path: "usr/share/man/man1/etags.emacs.1.gz", priority: 28 }],
  ]);
});

test("a for loop around the lines is read once per word, its variable replaced ($prog and ${prog})", () => {
  const postinst = `set -e\nfor prog in convert magick; do\n\tif true; then :; fi\n\tupdate-alternatives --install /usr/bin/$prog \\\n\t  $prog /usr/bin/\${prog}-im7.q16 10000\ndone\nupdate-alternatives --install /usr/bin/after after /usr/bin/after.real 5\n`;
  assert.deepEqual([...alternativeLinks(postinst)], [
    ["usr/bin/convert", { path: "usr/bin/convert-im7.q16", priority: 10000 }],
    ["usr/bin/magick", { path: "usr/bin/magick-im7.q16", priority: 10000 }],
    ["usr/bin/after", { path: "usr/bin/after.real", priority: 5 }],
  ]);
});
