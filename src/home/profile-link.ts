/**
 * home-manager's profile directory (`home.profileDirectory`: ~/.nix-profile,
 * or $XDG_STATE_HOME/nix/profile with use-xdg-base-directories), which
 * home-manager's installPackages fills with its home-path through Nix: here
 * a home file of the generation, a directory holding the home-path's
 * entries, so activation links it (and unlinks it when the packages are
 * gone) like any other file. Its links name their store paths relatively
 * (../../<hash>-ripgrep-…/bin/rg), so they resolve wherever the store is
 * on disk, a user's own store included. The hm-session-vars.sh
 * real-home-manager.ts places there gives way (the home-path has it);
 * any other home file inside the profile directory is refused.
 */
import { posix } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { homeJson, type HomeContent } from "../build/home-generation.ts";
import type { FileTree, TreeEntry } from "../store/file-tree.ts";
import { STORE_DIR } from "../store/store-path.ts";

/** `target` relative to the home, or undefined when the profile directory is not inside it. */
export function profileTarget(profileDirectory: string, homeDirectory: string): string | undefined {
  return profileDirectory.startsWith(`${homeDirectory}/`) ? posix.normalize(profileDirectory.slice(homeDirectory.length + 1)) : undefined;
}

/** A link target in the store made relative to the store entry `<generation>/<at>` it sits at. */
function relativeToStore(at: string, target: string): string {
  if (!target.startsWith(`${STORE_DIR}/`)) return target;
  const depth = at.split("/").length;
  return "../".repeat(depth) + target.slice(STORE_DIR.length + 1);
}

/** `content` with the profile `tree` (the home-path's entries) as the home file `target`. */
export function withProfileLink(content: HomeContent, target: string, tree: FileTree): HomeContent {
  if (tree.size === 0 || tree.has("")) return content;
  const inside = (t: string) => t === target || t.startsWith(`${target}/`);
  const sessionVars = `${target}/etc/profile.d/hm-session-vars.sh`;
  const clash = content.manifest.files.find((f) => inside(f.target) && f.target !== sessionVars);
  if (clash !== undefined) {
    throw new UserError(`Cannot manage '${content.manifest.homeDirectory}/${clash.target}': it is inside home-manager's profile directory ${content.manifest.homeDirectory}/${target}, which holds home.packages; add it to a package instead`);
  }
  const files = content.manifest.files.filter((f) => !inside(f.target));
  files.push({ target, kind: "directory", force: false, onChange: "" });
  const next = new Map<string, TreeEntry>([...content.tree].filter(([k]) => !(k.startsWith("home-files/") && inside(k.slice("home-files/".length)))));
  for (const [rel, e] of tree) {
    const at = `home-files/${target}/${rel}`;
    next.set(at, e.kind === "symlink" ? { kind: "symlink", target: relativeToStore(at, e.target) } : e);
  }
  const manifest = { ...content.manifest, files };
  next.set("home.json", homeJson(manifest));
  return { ...content, manifest, tree: next };
}
