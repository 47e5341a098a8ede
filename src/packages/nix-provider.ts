/**
 * The Nix provider, used when Nix on the host can evaluate <nixpkgs>:
 * `pkgs.<attr>` is nixpkgs' attribute, locked by its derivation and output
 * path, realised by Nix into Nix's store (never written by us) and kept
 * from Nix's garbage collector by an indirect root under our state
 * directory. Nix's packages are already wrapped, so nothing is patched.
 */
import { join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { PackageUnavailable } from "./package-unavailable.ts";
import type { Lock, LockedPackage } from "./lock.ts";
import type { Progress } from "./progress.ts";
import type { Detection, LockedItem, PackageProvider, RealiseStats, Resolution } from "./provider.ts";
import { run, runSync, tail, TIMEOUTS } from "./run.ts";

export const NIX_GC_ROOTS_DIR = "/var/lib/system-manager/gcroots";

export interface NixProviderOptions {
  readonly root: string;
  /** Directory holding nix-instantiate and nix-store (default: found on PATH). */
  readonly binDir?: string;
}

export class NixProvider implements PackageProvider {
  readonly id = "nix" as const;
  readonly #o: NixProviderOptions;
  #detected: Detection | undefined;

  constructor(o: NixProviderOptions) {
    this.#o = o;
  }

  #cmd(name: string): string {
    return this.#o.binDir === undefined ? name : join(this.#o.binDir, name);
  }

  detect(): Detection {
    if (this.#detected !== undefined) return this.#detected;
    const v = runSync(this.#cmd("nix-instantiate"), ["--version"]);
    if (v.status === 127) return (this.#detected = { usable: false, reason: "Nix is not installed (no nix-instantiate on PATH)" });
    const e = runSync(this.#cmd("nix-instantiate"), ["--eval", "-E", "(import <nixpkgs> {}).lib.version"]);
    if (e.status !== 0) {
      const why = tail(e, 1).replace(/^error:\s*/, "");
      return (this.#detected = { usable: false, reason: `Nix is installed (${v.stdout.trim()}) but cannot evaluate <nixpkgs>: ${why}` });
    }
    return (this.#detected = { usable: true, reason: `Nix evaluates nixpkgs ${e.stdout.trim()}` });
  }

  resolve(attr: string): Resolution {
    const d = this.detect();
    if (!d.usable) throw new UserError(`Cannot resolve pkgs.${attr} with Nix: ${d.reason}`);
    const expr = `let p = builtins.getAttr ${JSON.stringify(attr)} (import <nixpkgs> {}); in { inherit (p) name outPath drvPath; version = p.version or ""; mainProgram = p.meta.mainProgram or null; }`;
    const r = runSync(this.#cmd("nix-instantiate"), ["--eval", "--strict", "--json", "--read-write-mode", "-E", expr]);
    if (r.status !== 0) {
      const missing = /attribute '.*' missing/.test(r.stderr);
      if (missing) throw new PackageUnavailable(`Cannot find pkgs.${attr}: nixpkgs has no attribute '${attr}'`);
      throw new PackageUnavailable(`Cannot evaluate pkgs.${attr} with Nix:\n${tail(r)}`);
    }
    const v = JSON.parse(r.stdout) as { name: string; outPath: string; drvPath: string; version: string; mainProgram: string | null };
    const entry: LockedPackage = { provider: "nix", package: attr, name: v.name, version: v.version, outPath: v.outPath, drvPath: v.drvPath, mainProgram: v.mainProgram };
    return { entry };
  }

  outPath(item: LockedItem, _lock: Lock): string {
    if (item.entry.provider !== "nix") throw new Error(`${item.attr} is not a Nix package`);
    return item.entry.outPath;
  }

  mainProgram(item: LockedItem): string {
    return item.entry.provider === "nix" ? (item.entry.mainProgram ?? item.attr) : item.attr;
  }

  async realise(items: readonly LockedItem[], _lock: Lock, progress: Progress): Promise<RealiseStats> {
    if (items.length === 0) return { downloaded: 0, unpacked: 0, outputs: 0 };
    const task = progress.task(`realising ${items.length} package${items.length === 1 ? "" : "s"} with Nix`, items.length);
    for (const { attr, entry } of items) {
      if (entry.provider !== "nix") continue;
      const gcroot = join(this.#o.root, NIX_GC_ROOTS_DIR, `nix-${attr}`);
      const build = { timeoutMs: TIMEOUTS.build };
      let r = await run(this.#cmd("nix-store"), ["--realise", entry.drvPath, "--add-root", gcroot, "--indirect"], build);
      if (r.status !== 0) r = await run(this.#cmd("nix-store"), ["--realise", entry.outPath, "--add-root", gcroot, "--indirect"], build);
      if (r.status !== 0) throw new UserError(`Cannot realise pkgs.${attr} (${entry.outPath}) with Nix; run 'system-manager update ${attr}':\n${tail(r)}`);
      task.step(attr);
    }
    task.done();
    return { downloaded: 0, unpacked: 0, outputs: items.length };
  }

  references(path: string): readonly string[] | undefined {
    if (!path.startsWith("/nix/store/")) return undefined;
    const r = runSync(this.#cmd("nix-store"), ["-q", "--references", path]);
    return r.status === 0 ? r.stdout.split("\n").filter((l) => l !== "") : [];
  }
}
