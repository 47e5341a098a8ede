import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkDistro } from "./distro-check.ts";
import { RootFs } from "./root-fs.ts";

function root(osRelease?: string): RootFs {
  const r = mkdtempSync(join(tmpdir(), "sm-os-"));
  if (osRelease !== undefined) {
    mkdirSync(join(r, "etc"));
    writeFileSync(join(r, "etc/os-release"), osRelease);
  }
  return new RootFs(r);
}

test("checkDistro() accepts Debian, Ubuntu, NixOS and their derivatives", () => {
  checkDistro(root('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n'), false);
  checkDistro(root("ID=ubuntu\n"), false);
  checkDistro(root('ID=linuxmint\nID_LIKE="ubuntu debian"\n'), false);
  checkDistro(root(), false);
});

test("checkDistro() refuses other distributions unless allowAnyDistro", () => {
  assert.throws(() => checkDistro(root('PRETTY_NAME="Arch Linux"\nID=arch\n'), false), /Cannot activate on Arch Linux: .* Set system-manager\.allowAnyDistro = true/);
  checkDistro(root("ID=arch\n"), true);
});
