/**
 * home-manager's global flags (home-global-flags.ts): -v/--verbose before
 * or after the command, as upstream's script takes it, and what a verbose
 * command's Io is.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { HOME_GLOBAL_FLAGS, parseHomeGlobalFlags, verboseIo } from "./home-global-flags.ts";
import type { Io } from "../io.ts";

test("-v and --verbose are taken before or after the command, anywhere among its arguments; the rest stays in order", () => {
  assert.deepEqual(parseHomeGlobalFlags(["-v", "switch", "--flake", "."]), { verbose: true, argv: ["switch", "--flake", "."] });
  assert.deepEqual(parseHomeGlobalFlags(["switch", "--flake", ".", "--verbose"]), { verbose: true, argv: ["switch", "--flake", "."] });
  assert.deepEqual(parseHomeGlobalFlags(["build", "-v", "-b", "bak"]), { verbose: true, argv: ["build", "-b", "bak"] });
  assert.deepEqual(parseHomeGlobalFlags(["switch", "-b", "bak"]), { verbose: false, argv: ["switch", "-b", "bak"] });
  assert.deepEqual(parseHomeGlobalFlags([]), { verbose: false, argv: [] });
});

test("after -- the arguments are the command's, -v included", () => {
  assert.deepEqual(parseHomeGlobalFlags(["option", "--", "-v"]), { verbose: false, argv: ["option", "--", "-v"] });
});

test("the flag table completion reads names both spellings", () => {
  assert.deepEqual(Object.keys(HOME_GLOBAL_FLAGS), ["-v", "--verbose"]);
});

test("a verbose Io: debug lines on stderr, SYSTEM_MANAGER_VERBOSE for the build's worker and VERBOSE for the activation", () => {
  let err = "";
  const io = { stdout: () => undefined, stderr: (t: string) => void (err += t), env: { HOME: "/h" }, cwd: "/" } as unknown as Io;
  const v = verboseIo(io);
  assert.deepEqual(v.env, { HOME: "/h", SYSTEM_MANAGER_VERBOSE: "1", VERBOSE: "1" });
  v.debug?.("build: x");
  assert.equal(err, "debug: build: x\n");
});
