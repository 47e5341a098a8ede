import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NixProvider } from "./nix-provider.ts";
import { PackageSession } from "./package-session.ts";
import { readLock } from "./lock.ts";

const OUT = "/nix/store/0mdqa9w1p6cmli6976v4wi0sw9r4p5pr-ripgrep-14.1.1";
const DRV = "/nix/store/1mdqa9w1p6cmli6976v4wi0sw9r4p5pr-ripgrep-14.1.1.drv";

/** A directory with stand-ins for nix-instantiate and nix-store that log their arguments. */
function fakeNix(canEvaluate: boolean): { bin: string; log: string } {
  const bin = mkdtempSync(join(tmpdir(), "sm-fake-nix-"));
  const log = join(bin, "calls.log");
  const json = JSON.stringify({ name: "ripgrep-14.1.1", outPath: OUT, drvPath: DRV, version: "14.1.1", mainProgram: "rg" });
  const instantiate = `#!/bin/sh
echo "nix-instantiate $*" >> ${log}
case "$*" in
  --version) echo "nix-instantiate (Nix) 2.24.9" ;;
  *lib.version*) ${canEvaluate ? `echo '"24.11"'` : `echo "error: file 'nixpkgs' was not found in the Nix search path (add it using $NIX_PATH or -I)" >&2; exit 1`} ;;
  *'"nope"'*) echo "error: attribute 'nope' missing" >&2; exit 1 ;;
  *) echo '${json}' ;;
esac
`;
  writeFileSync(join(bin, "nix-instantiate"), instantiate);
  writeFileSync(join(bin, "nix-store"), `#!/bin/sh\necho "nix-store $*" >> ${log}\necho ${OUT}\n`);
  chmodSync(join(bin, "nix-instantiate"), 0o755);
  chmodSync(join(bin, "nix-store"), 0o755);
  return { bin, log };
}

test("where Nix is not installed, the provider says so", () => {
  const empty = mkdtempSync(join(tmpdir(), "sm-no-nix-"));
  const d = new NixProvider({ root: "/", binDir: empty }).detect();
  assert.deepEqual(d, { usable: false, reason: "Nix is not installed (no nix-instantiate on PATH)" });
  const s = new PackageSession({ root: empty, lockPath: join(empty, "system-manager.lock"), provider: "nix", nix: { binDir: empty } });
  assert.throws(() => s.lookup("ripgrep", "x86_64-linux"), /Cannot resolve pkgs\.ripgrep with Nix: Nix is not installed/);
});

test("where Nix cannot evaluate nixpkgs, the reason is Nix's own", () => {
  const { bin } = fakeNix(false);
  const d = new NixProvider({ root: "/", binDir: bin }).detect();
  assert.equal(d.usable, false);
  assert.match(d.reason, /^Nix is installed \(nix-instantiate \(Nix\) 2\.24\.9\) but cannot evaluate <nixpkgs>: file 'nixpkgs' was not found/);
});

test("where Nix evaluates nixpkgs, 'auto' chooses it: locked by derivation, realised by Nix with an indirect gc root", async () => {
  const { bin, log } = fakeNix(true);
  const root = mkdtempSync(join(tmpdir(), "sm-nix-root-"));
  const lockPath = join(root, "system-manager.lock");
  const s = new PackageSession({ root, lockPath, nix: { binDir: bin } });
  assert.deepEqual(s.lookup("ripgrep", "x86_64-linux"), { attr: "ripgrep", provider: "nix", name: "ripgrep-14.1.1", version: "14.1.1", outPath: OUT, mainProgram: "rg" });
  s.lookup("nope", "x86_64-linux");
  assert.throws(() => s.throwUnavailable(), /Cannot find pkgs\.nope: nixpkgs has no attribute 'nope'/);
  assert.deepEqual(await s.realise([OUT]), { downloaded: 0, unpacked: 0, outputs: 1 });
  assert.match(readFileSync(log, "utf8"), new RegExp(`nix-store --realise ${DRV} --add-root ${root}/var/lib/system-manager/gcroots/nix-ripgrep --indirect`));
  s.saveLock();
  const entry = readLock(lockPath).packages.ripgrep;
  assert.deepEqual(entry, { provider: "nix", package: "ripgrep", name: "ripgrep-14.1.1", version: "14.1.1", outPath: OUT, drvPath: DRV, mainProgram: "rg" });
  assert.deepEqual(new NixProvider({ root, binDir: bin }).references(OUT), [OUT]);
});

test("--verbose: each package's first lookup says how it was resolved (now, or as locked) and its store path", () => {
  const { bin } = fakeNix(true);
  const root = mkdtempSync(join(tmpdir(), "sm-nix-debug-"));
  const lockPath = join(root, "system-manager.lock");
  const lines: string[] = [];
  const s = new PackageSession({ root, lockPath, nix: { binDir: bin }, debug: (l) => lines.push(l) });
  s.lookup("ripgrep", "x86_64-linux");
  s.lookup("ripgrep", "x86_64-linux");
  s.saveLock();
  new PackageSession({ root, lockPath, nix: { binDir: bin }, debug: (l) => lines.push(l) }).lookup("ripgrep", "x86_64-linux");
  assert.deepEqual(lines, [`package ripgrep: ripgrep 14.1.1 (nix), resolved now: ${OUT}`, `package ripgrep: ripgrep 14.1.1 (nix), as locked: ${OUT}`]);
});
