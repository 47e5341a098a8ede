/**
 * Runs one derivation's builder natively, as Nix does without a sandbox:
 * `builder args…` in a fresh scratch directory, with exactly the
 * derivation's environment plus Nix's own variables (NIX_BUILD_TOP,
 * TMPDIR, TEMPDIR, TMP, TEMP, HOME=/homeless-shelter, NIX_STORE,
 * PATH=/path-not-set, NIX_BUILD_CORES, NIX_LOG_FD, TERM) and `passAsFile`
 * attributes written to `.attr-<hash>` files named by `<attr>Path`.
 *
 * The builder must see the store at the store directory the target host
 * uses, since outputs embed such paths, while the store on disk is under
 * the activation root and a half-written output must never appear in it.
 * So the builder runs in a private mount namespace (util-linux `unshare`,
 * with a user namespace when not root) where an overlay is mounted at the
 * store directory: the root's store is its lower layer (every input
 * visible where the host will see it), a scratch directory its upper
 * layer, which receives the outputs. The caller then moves the outputs
 * into the real store atomically. Where the store directory does not
 * exist on the build machine, a tmpfs over its deepest existing ancestor
 * provides the mount point (the builder sees that ancestor empty). Run
 * as root, the builder finds the host's root file system read-only, as an
 * unprivileged Nix build user would find it unwritable: a builder writing
 * to HOME (/homeless-shelter, which does not exist) fails instead of
 * making it on the host.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Derivation } from "../../nix/builtins/derivation-hash.ts";
import { nixBase32 } from "../../nix/nix-base32.ts";

export interface BuildRun {
  readonly drv: Derivation;
  readonly storeDir: string;
  /** The store on disk (root + storeDir): the overlay's lower layer. */
  readonly diskStore: string;
  /** An empty scratch directory (build dir, overlay upper and work directories go inside). */
  readonly scratch: string;
  /** The overlay's upper layer: outputs appear here under their store entry names. */
  readonly upper: string;
}

export interface BuildResult {
  readonly code: number;
  readonly log: string;
}

const SCRIPT = `set -e
mount="$1" mkdir="$2" store="$3" lower="$4" upper="$5" work="$6" hide="$7" top="$8" readonly="$9"
shift 9
if [ -n "$hide" ]; then "$mount" -t tmpfs -o mode=0755 tmpfs "$hide"; "$mkdir" -p "$store"; fi
"$mount" -t overlay overlay -o "lowerdir=$lower,upperdir=$upper,workdir=$work" "$store"
if [ -n "$readonly" ]; then "$mount" --bind "$top" "$top"; "$mount" -o remount,bind,ro /; fi
cd "$top"
exec "$@"
`;

/** `name` on the build machine's PATH (the namespace tools; the builder's own PATH is /path-not-set). */
function hostTool(name: string): string {
  for (const dir of (process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
    if (dir !== "" && existsSync(join(dir, name))) return join(dir, name);
  }
  return name;
}

function deepestExisting(dir: string): string {
  let d = dir;
  while (!existsSync(d)) d = dirname(d);
  return d;
}

export function buildEnvironment(drv: Derivation, storeDir: string, top: string): Map<string, string> {
  const env = new Map<string, string>();
  const passAsFile = new Set((drv.env.get("passAsFile") ?? "").split(/\s+/).filter((s) => s !== ""));
  for (const [k, v] of drv.env) {
    if (passAsFile.has(k)) {
      const fn = `.attr-${nixBase32(createHash("sha256").update(k).digest())}`;
      writeFileSync(join(top, fn), v);
      env.set(`${k}Path`, join(top, fn));
    } else env.set(k, v);
  }
  for (const [k, v] of Object.entries({
    PATH: "/path-not-set",
    HOME: "/homeless-shelter",
    NIX_STORE: storeDir,
    NIX_BUILD_CORES: "1",
    NIX_LOG_FD: "2",
    TERM: "xterm-256color",
    NIX_BUILD_TOP: top,
    TMPDIR: top,
    TEMPDIR: top,
    TMP: top,
    TEMP: top,
    PWD: top,
  })) env.set(k, v);
  return env;
}

export function runBuilder(run: BuildRun): Promise<BuildResult> {
  const top = join(run.scratch, "build");
  const work = join(run.scratch, "work");
  mkdirSync(top, { recursive: true });
  mkdirSync(work, { recursive: true });
  mkdirSync(run.upper, { recursive: true });
  const env = buildEnvironment(run.drv, run.storeDir, top);
  const existing = deepestExisting(run.storeDir);
  const hide = existing === run.storeDir ? "" : existing;
  const userns = process.getuid?.() === 0 ? [] : ["--user", "--map-root-user"];
  // As root, the host's root file system is read-only to the builder (the build directory, the store and other mounts stay writable):
  // Nix runs builders without a sandbox as unprivileged build users, who cannot write there either (nor make /homeless-shelter).
  const readonly = userns.length === 0 ? "1" : "";
  const args = [...userns, "--mount", "--propagation", "private", "--", "/bin/sh", "-c", SCRIPT, "sh", hostTool("mount"), hostTool("mkdir"), run.storeDir, run.diskStore, run.upper, work, hide, top, readonly, run.drv.builder, ...run.drv.args];
  return new Promise((resolve) => {
    const child = spawn(hostTool("unshare"), args, { env: Object.fromEntries(env), stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", (e) => resolve({ code: 127, log: `cannot run unshare: ${e.message}` }));
    child.on("close", (code, signal) => resolve({ code: code ?? (signal === null ? 1 : 128), log: Buffer.concat(chunks).toString("utf8") }));
  });
}
