import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluateSystem } from "../../build/evaluate-system.ts";
import { checkAssertions } from "../../build/check-assertions.ts";
import { lazyFromJS } from "../../nix/js-value.ts";
import { NixAttrs } from "../../nix/value.ts";
import { unlinkedPaths } from "./environment.ts";

test("unlinkedPaths(): bin/, share/ and paths below them are linked; others are not", () => {
  assert.deepEqual(unlinkedPaths(["/bin", "/share", "/share/zsh", "/lib", "/etc", "/binary"]), ["/lib", "/etc", "/binary"]);
});

test("environment.pathsToLink beyond bin/ and share/ is reported with a warning, not ignored silently", () => {
  const config = { nixpkgs: { hostPlatform: "x86_64-linux" }, environment: { pathsToLink: ["/share/zsh", "/lib"] } };
  const { evaluation } = evaluateSystem([NixAttrs.from({ _file: "test", imports: [lazyFromJS(config)] })]);
  assert.deepEqual(checkAssertions(evaluation), ["environment.pathsToLink: /lib is not linked into /run/system-manager/sw; system-manager links each package's bin/, share/ and etc/profile.d/"]);
});
