/**
 * typescript-tooling.ts: an installation with esbuild and TypeScript (this
 * checkout) loads TypeScript configurations; one without (the
 * system-manager package) says what is missing and what to use instead.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { requireTypeScriptTooling } from "./typescript-tooling.ts";

test("with esbuild and TypeScript, nothing is said", () => {
  requireTypeScriptTooling("/cfg/system.config.ts");
});

test("without them, the error names the configuration, what is missing and what to use", () => {
  const none = (name: string): string => {
    throw Object.assign(new Error(`Cannot find module '${name}'`), { code: "MODULE_NOT_FOUND" });
  };
  assert.throws(() => requireTypeScriptTooling("/cfg/system.config.ts", none), (e: Error) => {
    assert.equal(e.name, "UserError");
    assert.match(e.message, /^Cannot load the TypeScript configuration \/cfg\/system\.config\.ts: this system-manager \(\/\S+\) has no esbuild and no typescript, as the system-manager package \(a store path\) runs flake configurations only; use a flake \(--flake\) or the npm installation \(npx system-manager\)$/);
    return true;
  });
});
