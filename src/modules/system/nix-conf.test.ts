import { test } from "node:test";
import assert from "node:assert/strict";
import { renderNixConf } from "./nix-conf.ts";

test("renderNixConf() sorts settings, puts extra-* last, then extraOptions", () => {
  const text = renderNixConf(
    { "trusted-users": ["root", "alice"], "extra-substituters": ["https://x"], cores: 0, sandbox: true, builders: null },
    "keep-outputs = true\n",
  );
  assert.equal(
    text,
    "# WARNING: this file is generated from the nix.* options in\n" +
      "# your system-manager configuration. Do not edit it!\n" +
      "builders = \ncores = 0\nsandbox = true\ntrusted-users = root alice\n" +
      "extra-substituters = https://x\n" +
      "keep-outputs = true\n\n",
  );
});
