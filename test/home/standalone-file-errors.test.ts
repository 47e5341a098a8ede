/**
 * A standalone home's file that cannot be made (a target outside the home,
 * a source that cannot be read) is refused at that entry's definition in
 * the configuration, every such entry at once (standalone-home.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildStandaloneHome } from "../../src/home/standalone-home.ts";
import { readSourceFromDisk } from "../../src/build/read-source.ts";
import { lazyFromJS, POSITIONS } from "../../src/nix/js-value.ts";
import { UserError, UserErrors } from "../../src/diagnostics/user-error.ts";

const FILE = "/cfg/home.ts";

test("standalone: each home file that cannot be made is refused at its own definition", async () => {
  const storeRoot = mkdtempSync(join(tmpdir(), "sm-standalone-errors-"));
  const file = { "../bob/x": { text: "x" }, ".config/a": { source: "/nonexistent/source" }, fine: { text: "ok" } };
  // The key lines the TypeScript loader records for the object literal: 30, 31, 32.
  Object.defineProperty(file, POSITIONS, { value: new Map(Object.keys(file).map((k, i) => [k, { file: FILE, line: 30 + i, column: 5 }])) });
  const config = lazyFromJS({ _file: FILE, home: { stateVersion: "25.05", file } });
  const error = await buildStandaloneHome([config], { user: "bob", home: "/home/bob", system: "x86_64-linux", storeRoot, readSource: readSourceFromDisk, warn: () => {} }).then(
    () => assert.fail("the build succeeded"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof UserErrors, String(error));
  assert.deepEqual(
    error.errors.map((e: UserError) => [e.message.split(":")[0], e.location?.file, e.location?.line]),
    [
      ["Cannot manage '../bob/x' in the home of bob", FILE, 30],
      ["Cannot read source '/nonexistent/source'", FILE, 31],
    ],
  );
});
