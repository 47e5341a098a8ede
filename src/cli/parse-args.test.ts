import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCommandArgs } from "./parse-args.ts";

test("parseCommandArgs(): an unknown option names the command and where its usage is", () => {
  assert.throws(() => parseCommandArgs("build", ["--nope"], { help: { type: "boolean" } }), /^UserError: Cannot parse arguments of 'build': Unknown option '--nope'\nRun 'system-manager build --help' for usage\.$/m);
  assert.throws(() => parseCommandArgs("rollback", ["--nope"], { root: { type: "string" } }), /Run 'system-manager --help' for usage\./);
  assert.throws(() => parseCommandArgs("build", ["--nope"], {}, 0, "home-manager"), /Cannot parse arguments of 'build'.*\nRun 'home-manager --help' for usage\./);
  assert.throws(() => parseCommandArgs("gc", ["x"], {}), /Cannot parse arguments of 'gc': Unexpected argument 'x'/);
});
