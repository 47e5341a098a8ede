import { test } from "node:test";
import assert from "node:assert/strict";
import { BOOLEAN_FLAGS, GLOBAL_PAIRS, parseGlobalFlags } from "./global-flags.ts";
import { commandOf } from "../../bin/command-of.js";
import { activationArgs, parseActivation } from "./activation-args.ts";
import { tmpdir } from "node:os";

test("global flags are taken before or after the command, and not after --", () => {
  const g = parseGlobalFlags(["-v", "switch", "--flake", ".", "--nix-option", "abort-on-warn", "true", "--ask-sudo-password", "--", "-v"]);
  assert.equal(g.command, "switch");
  assert.equal(g.verbose, true);
  assert.equal(g.askSudoPassword, true);
  assert.deepEqual(g.nixOptions, [["abort-on-warn", "true"]]);
  assert.deepEqual(g.argv, ["--flake", ".", "--", "-v", "--option", "abort-on-warn", "true", "--sudo"]);
});

test("the launcher finds the command the parser does, past every global flag and its values (bin/command-of.js)", () => {
  const flagged = [
    ...Object.keys(BOOLEAN_FLAGS).map((f) => [f]),
    ...Object.entries(GLOBAL_PAIRS).map(([f, names]) => [`--${f}`, ...names.map((n) => n.toLowerCase())]),
    ["--target-host", "root@host"],
    ["--target-host=root@host"],
    ["--ssh-option", "-i key"],
    ["--ssh-option=-p 22"],
  ];
  for (const before of [...flagged, flagged.flat()]) {
    for (const argv of [[...before, "option", "services"], [...before, "switch", "-v"], before]) {
      assert.equal(commandOf(argv), parseGlobalFlags(argv).command, argv.join(" "));
    }
  }
  assert.equal(commandOf(["-v", "--nix-option", "option", "x", "docs"]), "docs");
});

test("--nix-option becomes --option only for commands that evaluate; --use-remote-sudo adds --sudo only where it is taken, once", () => {
  assert.deepEqual(parseGlobalFlags(["generations", "--nix-option", "a", "b"]).argv, []);
  assert.deepEqual(parseGlobalFlags(["--use-remote-sudo", "build", "--flake", "."]).argv, ["--flake", "."]);
  assert.deepEqual(parseGlobalFlags(["--use-remote-sudo", "rollback", "--sudo"]).argv, ["--sudo"]);
  assert.deepEqual(parseGlobalFlags(["--verbose", "pre-populate"]).argv, []);
});

test("an activation's arguments round-trip, the new flags written only when set", () => {
  const root = tmpdir();
  const plain = { root, target: { storePath: "/var/lib/system-manager/store/p", generation: undefined }, dryRun: false, mode: "activate", ephemeral: false } as const;
  assert.deepEqual(activationArgs(plain), ["--root", root, "--store-path", "/var/lib/system-manager/store/p"]);
  const pre = { ...plain, mode: "pre-populate", ephemeral: true } as const;
  const args = activationArgs(pre);
  assert.deepEqual(args, ["--root", root, "--store-path", "/var/lib/system-manager/store/p", "--pre-populate", "--ephemeral"]);
  assert.deepEqual(parseActivation({ root, "store-path": "/var/lib/system-manager/store/p", "pre-populate": true, ephemeral: true }, "/"), pre);
  assert.throws(() => parseActivation({ root, nothing: true, ephemeral: true }, "/"), /Cannot use --ephemeral here/);
  assert.throws(() => parseActivation({ root, nothing: true, register: true }, "/"), /Cannot use --register with --nothing/);
  assert.throws(() => parseActivation({ root, "store-path": "/x", register: true, "pre-populate": true }, "/"), /at most one of --pre-populate and --register/);
});
