import { test } from "node:test";
import assert from "node:assert/strict";
import { parseTarget, sshArgs, targetName } from "./target.ts";
import { takeRemoteArgs } from "../cli/remote-args.ts";

test("user@host:port, a bare host, and an IPv6 address in brackets are parsed", () => {
  assert.deepEqual(parseTarget("root@example.org:22"), { user: "root", host: "example.org", port: 22, sshOptions: [] });
  assert.deepEqual(parseTarget("web1"), { host: "web1", sshOptions: [] });
  assert.deepEqual(parseTarget("[::1]:2222"), { host: "::1", port: 2222, sshOptions: [] });
  assert.deepEqual(parseTarget("deploy@[fe80::1%eth0]"), { user: "deploy", host: "fe80::1%eth0", sshOptions: [] });
  assert.deepEqual(parseTarget("admin@2001:db8::7"), { user: "admin", host: "2001:db8::7", sshOptions: [] });
  assert.equal(targetName(parseTarget("u@[::1]:2222")), "u@[::1]:2222");
});

test("ssh options are split on whitespace; the host never reads as an option", () => {
  const t = parseTarget("alice@10.0.0.5:2200", ["-i /tmp/key", "-o", "StrictHostKeyChecking=accept-new"]);
  assert.deepEqual(sshArgs(t), ["-i", "/tmp/key", "-o", "StrictHostKeyChecking=accept-new", "-p", "2200", "-l", "alice", "--", "10.0.0.5"]);
});

test("bad targets are user errors that say what is wrong", () => {
  const cases: [string, RegExp][] = [
    ["", /it is empty/],
    ["host:0", /'0' is not a port/],
    ["host:70000", /'70000' is not a port/],
    ["host:ssh", /'ssh' is not a port/],
    ["@host", /the user before '@' is empty/],
    ["-oProxyCommand=evil", /is not a host name/],
    ["a b", /is not a host name/],
    ["[host]:22", /in brackets is not an IPv6 address/],
    ["root@:22", /the host is empty/],
  ];
  for (const [spec, why] of cases) assert.throws(() => parseTarget(spec), (e: Error) => e.name === "UserError" && why.test(e.message) && e.message.includes("[user@]host[:port]"), spec);
});

test("--target-host and --ssh-option are taken out of a command's arguments, hyphen values included", () => {
  const r = takeRemoteArgs(["--flake", ".", "--target-host", "root@h:2", "--ssh-option", "-i", "--ssh-option=-oBatchMode=yes", "--sudo"], "switch");
  assert.deepEqual(r, { argv: ["--flake", ".", "--sudo"], targetHost: "root@h:2", sshOptions: ["-i", "-oBatchMode=yes"] });
  assert.deepEqual(takeRemoteArgs(["--flake", "."], "switch"), { argv: ["--flake", "."], sshOptions: [] });
  assert.throws(() => takeRemoteArgs(["--ssh-option", "-v"], "build"), /without --target-host/);
  assert.throws(() => takeRemoteArgs(["--target-host"], "build"), /needs a value/);
  assert.throws(() => takeRemoteArgs(["--target-host", "a", "--target-host", "b"], "build"), /given twice/);
});

test("--target-host and --ssh-option before the command, as upstream documents them, are the command's", async () => {
  const { parseGlobalFlags } = await import("../cli/global-flags.ts");
  const g = parseGlobalFlags(["--target-host", "user@remote-host", "--ssh-option", "-p 2222", "switch", "--flake", ".", "--sudo"]);
  assert.equal(g.command, "switch");
  assert.deepEqual(takeRemoteArgs(g.argv, "switch"), { argv: ["--flake", ".", "--sudo"], targetHost: "user@remote-host", sshOptions: ["-p 2222"] });
  assert.deepEqual(parseTarget("user@remote-host", ["-p 2222"]).sshOptions, ["-p", "2222"]);
});

test("shell completion offers --target-host and --ssh-option after the commands that take them", async () => {
  const { SYSTEM_COMMAND_FLAGS, flagsOf } = await import("../cli/completion/command-flags.ts");
  for (const command of ["switch", "build", "register", "pre-populate", "deactivate"]) {
    const names = flagsOf(await (SYSTEM_COMMAND_FLAGS[command] as () => Promise<Parameters<typeof flagsOf>[0]>)()).map((f) => f.name);
    assert.ok(names.includes("--target-host") && names.includes("--ssh-option"), command);
  }
  assert.ok(!flagsOf(await (SYSTEM_COMMAND_FLAGS.rollback as () => Promise<Parameters<typeof flagsOf>[0]>)()).some((f) => f.name === "--target-host"));
});

test("--ask-sudo-password gives build --sudo with --target-host (the copy there runs through sudo), and is refused for a local build", async () => {
  const { parseGlobalFlags, applyGlobalFlags } = await import("../cli/global-flags.ts");
  assert.ok(parseGlobalFlags(["build", "--target-host", "h", "--ask-sudo-password"]).argv.includes("--sudo"));
  const io = { stdout: () => {}, stderr: () => {}, env: {}, cwd: "/" };
  const asked: string[] = [];
  const remote = applyGlobalFlags(parseGlobalFlags(["--ask-sudo-password", "build", "--target-host", "h"]), io, (p) => (asked.push(p), "secret"));
  assert.equal(remote.sudoPassword, "secret", "asked even as root here: sudo runs there");
  assert.throws(() => applyGlobalFlags(parseGlobalFlags(["build", "--ask-sudo-password"]), io, () => "x"), /runs nothing through sudo/);
});
