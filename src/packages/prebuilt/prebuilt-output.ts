/**
 * A prebuilt binary's store path, shaped like nixpkgs' package:
 * bin/<program> taken out of the verified archive (only that member and
 * the directories the table names beside its bin/ are unpacked, with the
 * host's tar), the links nixpkgs adds beside it (bin/bunx → the
 * store's bin/bun), the bash, zsh and fish completions nixpkgs generates
 * by running the program (where this host can run it: the system is its
 * own), and .system-manager/info.json saying what it is and
 * that it refers to no other store path. The path is input-addressed: its
 * hash covers the attribute, system, version, the archive's integrity and
 * this recipe, so it is known from the lock before anything is downloaded.
 * The binaries need only the host's glibc: nothing is patched.
 */
import { existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { UserError } from "../../diagnostics/user-error.ts";
import type { StorePath } from "../../store/store-path.ts";
import { keptInStore } from "../../store/write-store-path.ts";
import { inputAddressedPath, storeName } from "../input-path.ts";
import { run, tail } from "../run.ts";
import { StagedPath } from "../staged-path.ts";

/** What one prebuilt store path is made from. */
export interface PrebuiltRecipe {
  readonly attr: string;
  readonly system: string;
  /** The npm package the archive is. */
  readonly package: string;
  readonly version: string;
  readonly url: string;
  readonly integrity: string;
  /** The program's path inside the archive. */
  readonly member: string;
  readonly program: string;
  readonly links: readonly string[];
  /** Directories beside the program's bin/ in the archive, taken as they are. */
  readonly dirs?: readonly string[];
  /** Arguments printing a shell's completions (SHELL names the shell), if it has them. */
  readonly completions?: readonly string[];
}

export function prebuiltStorePath(r: PrebuiltRecipe): StorePath {
  const recipe = JSON.stringify({ member: r.member, program: r.program, links: r.links, ...(r.dirs === undefined ? {} : { dirs: r.dirs }), ...(r.completions === undefined ? {} : { completions: r.completions }) });
  return inputAddressedPath("prebuilt", storeName(r.attr, r.version), [r.attr, r.system, r.package, r.version, r.integrity, recipe]);
}

/** nixpkgs' system name of this host, for the systems whose programs it can run. */
function hostSystem(): string | undefined {
  return { x64: "x86_64-linux", arm64: "aarch64-linux" }[process.arch as string];
}

/** Where installShellCompletion --cmd puts each shell's completions. */
const COMPLETIONS: Readonly<Record<string, (cmd: string) => string>> = {
  bash: (cmd) => `share/bash-completion/completions/${cmd}.bash`,
  zsh: (cmd) => `share/zsh/site-functions/_${cmd}`,
  fish: (cmd) => `share/fish/vendor_completions.d/${cmd}.fish`,
};

/** Runs the staged program once per shell (SHELL naming it, HOME a scratch directory) and writes what it prints. */
async function writeCompletions(r: PrebuiltRecipe, dir: string, scratch: string): Promise<void> {
  for (const [shell, rel] of Object.entries(COMPLETIONS)) {
    const c = await run(join(dir, "bin", r.program), [...(r.completions ?? [])], { env: { PATH: "/usr/bin:/bin", HOME: scratch, SHELL: shell }, cwd: scratch, label: `${r.program} ${(r.completions ?? []).join(" ")} (${shell})` });
    if (c.status !== 0 || c.stdout === "") throw new UserError(`Cannot generate pkgs.${r.attr}'s ${shell} completions: '${r.program} ${(r.completions ?? []).join(" ")}' ${c.status === 0 ? "printed nothing" : `failed on this host:\n${tail(c)}`}`);
    mkdirSync(dirname(join(dir, rel(r.program))), { recursive: true });
    writeFileSync(join(dir, rel(r.program)), c.stdout);
  }
}

/** Writes the store path of `r` from its verified `archive` unless it exists. */
export async function realisePrebuilt(root: string, r: PrebuiltRecipe, archive: string): Promise<{ path: StorePath; created: boolean }> {
  const path = prebuiltStorePath(r);
  if (keptInStore(root, path)) return { path, created: false };
  const staged = new StagedPath(root, path);
  try {
    const unpacked = join(staged.dir, ".unpacked");
    mkdirSync(unpacked);
    // The directory holding the program's bin/ (package/ of package/bin/node).
    const top = dirname(dirname(r.member));
    const members = [r.member, ...(r.dirs ?? []).map((d) => join(top, d))];
    const t = await run("tar", ["-xzf", archive, "-C", unpacked, "--no-same-owner", ...members]);
    const missing = members.find((m) => !existsSync(join(unpacked, m)));
    if (t.status !== 0 || missing !== undefined) {
      throw new UserError(`Cannot unpack pkgs.${r.attr}: ${r.url} has no ${missing ?? r.member}${t.status === 0 ? "" : `:\n${tail(t)}`}`);
    }
    mkdirSync(join(staged.dir, "bin"));
    renameSync(join(unpacked, r.member), join(staged.dir, "bin", r.program));
    for (const d of r.dirs ?? []) renameSync(join(unpacked, top, d), join(staged.dir, d));
    for (const link of r.links) symlinkSync(`${path}/bin/${r.program}`, join(staged.dir, "bin", link));
    if (r.completions !== undefined && r.system === hostSystem()) await writeCompletions(r, staged.dir, unpacked);
    rmSync(unpacked, { recursive: true, force: true });
    staged.writeInfo({ attr: r.attr, package: r.package, version: r.version, url: r.url, integrity: r.integrity, references: [] });
    staged.commit();
  } catch (e) {
    staged.abort();
    throw e;
  }
  return { path, created: true };
}
