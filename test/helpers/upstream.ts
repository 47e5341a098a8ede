/**
 * Local copies of upstream projects (nix-community/home-manager,
 * nix-community/nixpkgs.lib, NixOS/nix's language tests, and the sops
 * files of Mic92/sops-nix's and numtide/system-manager's own tests) for
 * tests that run our code against the real thing. None of their files enter the project: a copy comes from
 * `SYSTEM_MANAGER_UPSTREAM_<NAME>` (a checked-out directory) or from a
 * mirror's git directory (`SYSTEM_MANAGER_MIRRORS`, default /work/.mirror,
 * `<owner>+<repo>/repo`), extracted once per revision under the system's
 * temporary directory. Without either, `upstream` says why, for a visible
 * skip.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type Upstream = "home-manager" | "nixpkgs.lib" | "nix" | "sops-nix" | "system-manager";

const REPOS: Readonly<Record<Upstream, string>> = {
  "home-manager": "nix-community+home-manager",
  "nixpkgs.lib": "nix-community+nixpkgs.lib",
  nix: "NixOS+nix",
  "sops-nix": "Mic92+sops-nix",
  "system-manager": "numtide+system-manager",
};

/** What is extracted of each (all of it, unless named): of Nix, only its language tests; of sops-nix and system-manager, their tests' sops files and keys. */
const PARTS: Readonly<Partial<Record<Upstream, readonly string[]>>> = {
  nix: ["tests/functional/lang"],
  "sops-nix": ["pkgs/sops-install-secrets/test-assets"],
  "system-manager": ["testFlake/sops"],
};

export type UpstreamTree = { readonly dir: string; readonly rev: string } | { readonly skip: string };

export function upstream(name: Upstream): UpstreamTree {
  const envName = `SYSTEM_MANAGER_UPSTREAM_${name.replace(/[^A-Za-z]/g, "_").toUpperCase()}`;
  const given = process.env[envName];
  if (given !== undefined && given !== "") {
    return existsSync(given) ? { dir: given, rev: "local" } : { skip: `${envName}=${given} does not exist` };
  }
  const gitDir = join(process.env.SYSTEM_MANAGER_MIRRORS ?? "/work/.mirror", REPOS[name], "repo");
  if (!existsSync(gitDir)) return { skip: `no local copy of ${name}: set ${envName} to a checkout, or provide a mirror at ${gitDir}` };
  const rev = execFileSync("git", ["--git-dir", gitDir, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  const dir = join(tmpdir(), "system-manager-upstream", `${name}-${rev}`);
  if (!existsSync(dir)) {
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    execFileSync("sh", ["-c", 'd="$1"; t="$2"; shift 2; git --git-dir="$d" archive HEAD "$@" | tar -x -C "$t"', "sh", gitDir, tmp, ...(PARTS[name] ?? [])]);
    try {
      renameSync(tmp, dir);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      if (!existsSync(dir)) throw e;
    }
  }
  return { dir, rev };
}

/** The real home-manager and nixpkgs' lib together: both directories, or why a test needing them skips. */
export function realHomeManagerCopies(): { readonly hm: string; readonly lib: string; readonly skip: string | undefined } {
  const hm = upstream("home-manager");
  const lib = upstream("nixpkgs.lib");
  const skip = "skip" in hm ? hm.skip : "skip" in lib ? lib.skip : undefined;
  return { hm: "dir" in hm ? hm.dir : "", lib: "dir" in lib ? lib.dir : "", skip };
}
