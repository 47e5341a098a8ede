/**
 * The kill -9 harness's roots: the host before system-manager (a Debian
 * /etc with root and an administrator, an /etc file configuration A
 * replaces and one B replaces, a dotfile in alice's home that Home Manager
 * backs up), what may never be lost of it, and the checks of a tree after
 * a run: nothing lost, and no temporary of a dead writer left behind.
 */
import { chownSync, existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { makeTree } from "../helpers/tree.ts";
import { debianEtc } from "../fixtures/debian12-etc.ts";

export const STORE = "var/lib/system-manager/store";

/** Pre-existing files other than the account files, each with the places it may legitimately be found. */
export const PRESERVED: Readonly<Record<string, { readonly content: string; readonly places: readonly string[] }>> = {
  "etc/motd": { content: debianEtc["etc/motd"], places: ["etc/motd", "etc/motd.system-manager-backup"] },
  "etc/issue": { content: "Debian GNU/Linux 12\n", places: ["etc/issue", "etc/issue.system-manager-backup"] },
  "etc/hostname": { content: "debian\n", places: ["etc/hostname"] },
  "etc/nix/nix.conf": { content: debianEtc["etc/nix/nix.conf"], places: ["etc/nix/nix.conf"] },
  "home/admin/.bashrc": { content: "# admin's\n", places: ["home/admin/.bashrc"] },
  "home/alice/.profile": { content: "# alice's own\n", places: ["home/alice/.profile", "home/alice/.profile.bak"] },
};

/** A new root holding the host as it was before system-manager. */
export function hostBefore(): string {
  const own = (content: string, uid: number) => ({ content, mode: 0o644, uid, gid: uid });
  const root = makeTree({
    ...debianEtc,
    "etc/issue": PRESERVED["etc/issue"]!.content,
    "home/admin/.bashrc": own("# admin's\n", 1000),
    "home/alice/.profile": own("# alice's own\n", 5000),
  });
  chownSync(join(root, "home/admin"), 1000, 1000);
  chownSync(join(root, "home/alice"), 5000, 5000);
  return root;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** What was lost of the pre-existing files (the account files are checked by accountProblems). */
export function lostFiles(root: string): string[] {
  return Object.entries(PRESERVED)
    .filter(([, f]) => !f.places.some((p) => lstatSync(join(root, p), { throwIfNoEntry: false })?.isFile() === true && read(join(root, p)) === f.content))
    .map(([path, f]) => `/${path} is at none of ${f.places.map((p) => `/${p}`).join(", ")}`);
}

const TEMPORARY = /^\.#.+\.[0-9a-f]{12}$/;

/** Temporaries left anywhere in the tree: RootFs's `.#name.<hex>` and the store's `.tmp-*` (every writer has exited). */
export function leftovers(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(root, rel))) {
      const r = rel === "" ? name : `${rel}/${name}`;
      if (TEMPORARY.test(name) || (rel === STORE && name.startsWith(".tmp-"))) out.push(`/${r}`);
      else if (lstatSync(join(root, r)).isDirectory() && !r.startsWith(STORE + "/")) walk(r);
    }
  };
  if (existsSync(root)) walk("");
  return out.sort();
}
