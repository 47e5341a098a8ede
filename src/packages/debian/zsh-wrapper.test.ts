/**
 * The wrapper pkgs.zsh runs Debian's zsh through (fixups.ts): its module
 * and function directories found in the store (ZDOTDIR), and a login
 * shell kept one, though the "-zsh" sshd and login start it with does not
 * reach zsh through a script: with no arguments, under sshd or login, it
 * passes -l; otherwise its arguments as they are.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXUPS } from "./fixups.ts";

test("pkgs.zsh's wrapper makes zsh a login shell when sshd or login starts it without arguments, and passes other calls' arguments as they are", () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-zsh-wrapper-"));
  try {
    const zsh = join(dir, "real-zsh");
    writeFileSync(zsh, '#!/bin/sh\necho "ZDOTDIR=$ZDOTDIR saved=$SYSTEM_MANAGER_ZDOTDIR args:$*"\n', { mode: 0o755 });
    const wrapper = join(dir, "zsh");
    const text = FIXUPS.zsh?.files?.["bin/zsh"] ?? "";
    writeFileSync(wrapper, text.replaceAll("${out}", join(dir, "out")).replaceAll("${target}", zsh), { mode: 0o755 });
    // A parent process of each name: a shell copied under it runs the wrapper as its child.
    const under = (parent: string, ...args: string[]) => {
      const p = join(dir, parent);
      copyFileSync("/bin/sh", p);
      const quoted = args.map((a) => `'${a}'`).join(" ");
      const r = spawnSync(p, ["-c", `${wrapper} ${quoted}; :`], { encoding: "utf8", env: { PATH: "/usr/bin:/bin", ZDOTDIR: "/home/ann/.zsh" } });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    assert.equal(under("sshd"), `ZDOTDIR=${dir}/out/lib/system-manager/zsh saved=/home/ann/.zsh args:-l\n`);
    assert.equal(under("login"), `ZDOTDIR=${dir}/out/lib/system-manager/zsh saved=/home/ann/.zsh args:-l\n`);
    assert.equal(under("sshd", "-c", "echo hi"), `ZDOTDIR=${dir}/out/lib/system-manager/zsh saved=/home/ann/.zsh args:-c echo hi\n`, "ssh HOST COMMAND is no login shell");
    assert.equal(under("xterm"), `ZDOTDIR=${dir}/out/lib/system-manager/zsh saved=/home/ann/.zsh args:\n`, "a terminal's shell is no login shell");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
